// https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktn from 'cdktn';

// Configuration

export interface ClsAlarmConfig extends cdktn.TerraformMetaArguments {
  /**
  * Alarm level. 0: Warning; 1: Info; 2: Critical. Default is 0.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#alarm_level ClsAlarm#alarm_level}
  */
  readonly alarmLevel?: number;
  /**
  * List of alarm notice id. Note: AlarmNoticeIds and MonitorNotice cannot be set at the same time.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#alarm_notice_ids ClsAlarm#alarm_notice_ids}
  */
  readonly alarmNoticeIds?: string[];
  /**
  * alarm repeat cycle.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#alarm_period ClsAlarm#alarm_period}
  */
  readonly alarmPeriod: number;
  /**
  * Alarm classification information map. Key must match regex `^[a-z]([a-z0-9_]{0,49})$`, value length cannot exceed 200 characters. Maximum 20 entries.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#classifications ClsAlarm#classifications}
  */
  readonly classifications?: { [key: string]: string };
  /**
  * Trigger condition.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#condition ClsAlarm#condition}
  */
  readonly condition?: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#id ClsAlarm#id}
  *
  * Please be aware that the id field is automatically added to all resources in Terraform providers using a Terraform provider SDK version below 2.
  * If you experience problems setting this value it might not be settable. Please take a look at the provider documentation to ensure it should be settable.
  */
  readonly id?: string;
  /**
  * user define alarm notice.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#message_template ClsAlarm#message_template}
  */
  readonly messageTemplate?: string;
  /**
  * log alarm name.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#name ClsAlarm#name}
  */
  readonly name: string;
  /**
  * whether to enable the alarm policy.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#status ClsAlarm#status}
  */
  readonly status?: boolean | cdktn.IResolvable;
  /**
  * Tag description list.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#tags ClsAlarm#tags}
  */
  readonly tags?: { [key: string]: string };
  /**
  * continuous cycle.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#trigger_count ClsAlarm#trigger_count}
  */
  readonly triggerCount: number;
  /**
  * alarm_targets block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#alarm_targets ClsAlarm#alarm_targets}
  */
  readonly alarmTargets: ClsAlarmAlarmTargets[] | cdktn.IResolvable;
  /**
  * analysis block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#analysis ClsAlarm#analysis}
  */
  readonly analysis?: ClsAlarmAnalysis[] | cdktn.IResolvable;
  /**
  * call_back block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#call_back ClsAlarm#call_back}
  */
  readonly callBack?: ClsAlarmCallBack;
  /**
  * monitor_notice block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#monitor_notice ClsAlarm#monitor_notice}
  */
  readonly monitorNotice?: ClsAlarmMonitorNotice;
  /**
  * monitor_time block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#monitor_time ClsAlarm#monitor_time}
  */
  readonly monitorTime: ClsAlarmMonitorTime;
  /**
  * multi_conditions block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#multi_conditions ClsAlarm#multi_conditions}
  */
  readonly multiConditions?: ClsAlarmMultiConditions[] | cdktn.IResolvable;
}
export interface ClsAlarmAlarmTargets {
  /**
  * search end time of offset.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#end_time_offset ClsAlarm#end_time_offset}
  */
  readonly endTimeOffset: number;
  /**
  * logset id.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#logset_id ClsAlarm#logset_id}
  */
  readonly logsetId: string;
  /**
  * the number of alarm object.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#number ClsAlarm#number}
  */
  readonly number: number;
  /**
  * query rules.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#query ClsAlarm#query}
  */
  readonly query: string;
  /**
  * search start time of offset.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#start_time_offset ClsAlarm#start_time_offset}
  */
  readonly startTimeOffset: number;
  /**
  * Retrieve grammar rules, 0: Lucene syntax, 1: CQL syntax, Default value is 0.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#syntax_rule ClsAlarm#syntax_rule}
  */
  readonly syntaxRule?: number;
  /**
  * topic id.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#topic_id ClsAlarm#topic_id}
  */
  readonly topicId: string;
}

export function clsAlarmAlarmTargetsToTerraform(struct?: ClsAlarmAlarmTargets | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    end_time_offset: cdktn.numberToTerraform(struct!.endTimeOffset),
    logset_id: cdktn.stringToTerraform(struct!.logsetId),
    number: cdktn.numberToTerraform(struct!.number),
    query: cdktn.stringToTerraform(struct!.query),
    start_time_offset: cdktn.numberToTerraform(struct!.startTimeOffset),
    syntax_rule: cdktn.numberToTerraform(struct!.syntaxRule),
    topic_id: cdktn.stringToTerraform(struct!.topicId),
  }
}


export function clsAlarmAlarmTargetsToHclTerraform(struct?: ClsAlarmAlarmTargets | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    end_time_offset: {
      value: cdktn.numberToHclTerraform(struct!.endTimeOffset),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    logset_id: {
      value: cdktn.stringToHclTerraform(struct!.logsetId),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    number: {
      value: cdktn.numberToHclTerraform(struct!.number),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    query: {
      value: cdktn.stringToHclTerraform(struct!.query),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    start_time_offset: {
      value: cdktn.numberToHclTerraform(struct!.startTimeOffset),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    syntax_rule: {
      value: cdktn.numberToHclTerraform(struct!.syntaxRule),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    topic_id: {
      value: cdktn.stringToHclTerraform(struct!.topicId),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ClsAlarmAlarmTargetsOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktn.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param complexObjectIndex the index of this item in the list
  * @param complexObjectIsFromSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean) {
    super(terraformResource, terraformAttribute, complexObjectIsFromSet, complexObjectIndex);
  }

  public get internalValue(): ClsAlarmAlarmTargets | cdktn.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._endTimeOffset !== undefined) {
      hasAnyValues = true;
      internalValueResult.endTimeOffset = this._endTimeOffset;
    }
    if (this._logsetId !== undefined) {
      hasAnyValues = true;
      internalValueResult.logsetId = this._logsetId;
    }
    if (this._number !== undefined) {
      hasAnyValues = true;
      internalValueResult.number = this._number;
    }
    if (this._query !== undefined) {
      hasAnyValues = true;
      internalValueResult.query = this._query;
    }
    if (this._startTimeOffset !== undefined) {
      hasAnyValues = true;
      internalValueResult.startTimeOffset = this._startTimeOffset;
    }
    if (this._syntaxRule !== undefined) {
      hasAnyValues = true;
      internalValueResult.syntaxRule = this._syntaxRule;
    }
    if (this._topicId !== undefined) {
      hasAnyValues = true;
      internalValueResult.topicId = this._topicId;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ClsAlarmAlarmTargets | cdktn.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._endTimeOffset = undefined;
      this._logsetId = undefined;
      this._number = undefined;
      this._query = undefined;
      this._startTimeOffset = undefined;
      this._syntaxRule = undefined;
      this._topicId = undefined;
    }
    else if (cdktn.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._endTimeOffset = value.endTimeOffset;
      this._logsetId = value.logsetId;
      this._number = value.number;
      this._query = value.query;
      this._startTimeOffset = value.startTimeOffset;
      this._syntaxRule = value.syntaxRule;
      this._topicId = value.topicId;
    }
  }

  // end_time_offset - computed: false, optional: false, required: true
  private _endTimeOffset?: number; 
  public get endTimeOffset() {
    return this.getNumberAttribute('end_time_offset');
  }
  public set endTimeOffset(value: number) {
    this._endTimeOffset = value;
  }
  // Temporarily expose input value. Use with caution.
  public get endTimeOffsetInput() {
    return this._endTimeOffset;
  }

  // logset_id - computed: false, optional: false, required: true
  private _logsetId?: string; 
  public get logsetId() {
    return this.getStringAttribute('logset_id');
  }
  public set logsetId(value: string) {
    this._logsetId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get logsetIdInput() {
    return this._logsetId;
  }

  // number - computed: false, optional: false, required: true
  private _number?: number; 
  public get number() {
    return this.getNumberAttribute('number');
  }
  public set number(value: number) {
    this._number = value;
  }
  // Temporarily expose input value. Use with caution.
  public get numberInput() {
    return this._number;
  }

  // query - computed: false, optional: false, required: true
  private _query?: string; 
  public get query() {
    return this.getStringAttribute('query');
  }
  public set query(value: string) {
    this._query = value;
  }
  // Temporarily expose input value. Use with caution.
  public get queryInput() {
    return this._query;
  }

  // start_time_offset - computed: false, optional: false, required: true
  private _startTimeOffset?: number; 
  public get startTimeOffset() {
    return this.getNumberAttribute('start_time_offset');
  }
  public set startTimeOffset(value: number) {
    this._startTimeOffset = value;
  }
  // Temporarily expose input value. Use with caution.
  public get startTimeOffsetInput() {
    return this._startTimeOffset;
  }

  // syntax_rule - computed: true, optional: true, required: false
  private _syntaxRule?: number; 
  public get syntaxRule() {
    return this.getNumberAttribute('syntax_rule');
  }
  public set syntaxRule(value: number) {
    this._syntaxRule = value;
  }
  public resetSyntaxRule() {
    this._syntaxRule = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get syntaxRuleInput() {
    return this._syntaxRule;
  }

  // topic_id - computed: false, optional: false, required: true
  private _topicId?: string; 
  public get topicId() {
    return this.getStringAttribute('topic_id');
  }
  public set topicId(value: string) {
    this._topicId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get topicIdInput() {
    return this._topicId;
  }
}

export class ClsAlarmAlarmTargetsList extends cdktn.ComplexList {
  public internalValue? : ClsAlarmAlarmTargets[] | cdktn.IResolvable

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param wrapsSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string, wrapsSet: boolean) {
    super(terraformResource, terraformAttribute, wrapsSet);
  }

  /**
  * @param index the index of the item to return
  */
  public get(index: number): ClsAlarmAlarmTargetsOutputReference {
    return new ClsAlarmAlarmTargetsOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface ClsAlarmAnalysisConfigInfo {
  /**
  * key.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#key ClsAlarm#key}
  */
  readonly key: string;
  /**
  * value.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#value ClsAlarm#value}
  */
  readonly value: string;
}

export function clsAlarmAnalysisConfigInfoToTerraform(struct?: ClsAlarmAnalysisConfigInfo | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    key: cdktn.stringToTerraform(struct!.key),
    value: cdktn.stringToTerraform(struct!.value),
  }
}


export function clsAlarmAnalysisConfigInfoToHclTerraform(struct?: ClsAlarmAnalysisConfigInfo | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    key: {
      value: cdktn.stringToHclTerraform(struct!.key),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    value: {
      value: cdktn.stringToHclTerraform(struct!.value),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ClsAlarmAnalysisConfigInfoOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktn.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param complexObjectIndex the index of this item in the list
  * @param complexObjectIsFromSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean) {
    super(terraformResource, terraformAttribute, complexObjectIsFromSet, complexObjectIndex);
  }

  public get internalValue(): ClsAlarmAnalysisConfigInfo | cdktn.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._key !== undefined) {
      hasAnyValues = true;
      internalValueResult.key = this._key;
    }
    if (this._value !== undefined) {
      hasAnyValues = true;
      internalValueResult.value = this._value;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ClsAlarmAnalysisConfigInfo | cdktn.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._key = undefined;
      this._value = undefined;
    }
    else if (cdktn.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._key = value.key;
      this._value = value.value;
    }
  }

  // key - computed: false, optional: false, required: true
  private _key?: string; 
  public get key() {
    return this.getStringAttribute('key');
  }
  public set key(value: string) {
    this._key = value;
  }
  // Temporarily expose input value. Use with caution.
  public get keyInput() {
    return this._key;
  }

  // value - computed: false, optional: false, required: true
  private _value?: string; 
  public get value() {
    return this.getStringAttribute('value');
  }
  public set value(value: string) {
    this._value = value;
  }
  // Temporarily expose input value. Use with caution.
  public get valueInput() {
    return this._value;
  }
}

export class ClsAlarmAnalysisConfigInfoList extends cdktn.ComplexList {
  public internalValue? : ClsAlarmAnalysisConfigInfo[] | cdktn.IResolvable

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param wrapsSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string, wrapsSet: boolean) {
    super(terraformResource, terraformAttribute, wrapsSet);
  }

  /**
  * @param index the index of the item to return
  */
  public get(index: number): ClsAlarmAnalysisConfigInfoOutputReference {
    return new ClsAlarmAnalysisConfigInfoOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface ClsAlarmAnalysis {
  /**
  * analysis content.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#content ClsAlarm#content}
  */
  readonly content: string;
  /**
  * analysis name.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#name ClsAlarm#name}
  */
  readonly name: string;
  /**
  * analysis type.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#type ClsAlarm#type}
  */
  readonly type: string;
  /**
  * config_info block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#config_info ClsAlarm#config_info}
  */
  readonly configInfo?: ClsAlarmAnalysisConfigInfo[] | cdktn.IResolvable;
}

export function clsAlarmAnalysisToTerraform(struct?: ClsAlarmAnalysis | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    content: cdktn.stringToTerraform(struct!.content),
    name: cdktn.stringToTerraform(struct!.name),
    type: cdktn.stringToTerraform(struct!.type),
    config_info: cdktn.listMapper(clsAlarmAnalysisConfigInfoToTerraform, true)(struct!.configInfo),
  }
}


export function clsAlarmAnalysisToHclTerraform(struct?: ClsAlarmAnalysis | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    content: {
      value: cdktn.stringToHclTerraform(struct!.content),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    name: {
      value: cdktn.stringToHclTerraform(struct!.name),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    type: {
      value: cdktn.stringToHclTerraform(struct!.type),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    config_info: {
      value: cdktn.listMapperHcl(clsAlarmAnalysisConfigInfoToHclTerraform, true)(struct!.configInfo),
      isBlock: true,
      type: "list",
      storageClassType: "ClsAlarmAnalysisConfigInfoList",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ClsAlarmAnalysisOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktn.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param complexObjectIndex the index of this item in the list
  * @param complexObjectIsFromSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean) {
    super(terraformResource, terraformAttribute, complexObjectIsFromSet, complexObjectIndex);
  }

  public get internalValue(): ClsAlarmAnalysis | cdktn.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._content !== undefined) {
      hasAnyValues = true;
      internalValueResult.content = this._content;
    }
    if (this._name !== undefined) {
      hasAnyValues = true;
      internalValueResult.name = this._name;
    }
    if (this._type !== undefined) {
      hasAnyValues = true;
      internalValueResult.type = this._type;
    }
    if (this._configInfo?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.configInfo = this._configInfo?.internalValue;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ClsAlarmAnalysis | cdktn.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._content = undefined;
      this._name = undefined;
      this._type = undefined;
      this._configInfo.internalValue = undefined;
    }
    else if (cdktn.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._content = value.content;
      this._name = value.name;
      this._type = value.type;
      this._configInfo.internalValue = value.configInfo;
    }
  }

  // content - computed: false, optional: false, required: true
  private _content?: string; 
  public get content() {
    return this.getStringAttribute('content');
  }
  public set content(value: string) {
    this._content = value;
  }
  // Temporarily expose input value. Use with caution.
  public get contentInput() {
    return this._content;
  }

  // name - computed: false, optional: false, required: true
  private _name?: string; 
  public get name() {
    return this.getStringAttribute('name');
  }
  public set name(value: string) {
    this._name = value;
  }
  // Temporarily expose input value. Use with caution.
  public get nameInput() {
    return this._name;
  }

  // type - computed: false, optional: false, required: true
  private _type?: string; 
  public get type() {
    return this.getStringAttribute('type');
  }
  public set type(value: string) {
    this._type = value;
  }
  // Temporarily expose input value. Use with caution.
  public get typeInput() {
    return this._type;
  }

  // config_info - computed: false, optional: true, required: false
  private _configInfo = new ClsAlarmAnalysisConfigInfoList(this, "config_info", false);
  public get configInfo() {
    return this._configInfo;
  }
  public putConfigInfo(value: ClsAlarmAnalysisConfigInfo[] | cdktn.IResolvable) {
    this._configInfo.internalValue = value;
  }
  public resetConfigInfo() {
    this._configInfo.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get configInfoInput() {
    return this._configInfo.internalValue;
  }
}

export class ClsAlarmAnalysisList extends cdktn.ComplexList {
  public internalValue? : ClsAlarmAnalysis[] | cdktn.IResolvable

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param wrapsSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string, wrapsSet: boolean) {
    super(terraformResource, terraformAttribute, wrapsSet);
  }

  /**
  * @param index the index of the item to return
  */
  public get(index: number): ClsAlarmAnalysisOutputReference {
    return new ClsAlarmAnalysisOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface ClsAlarmCallBack {
  /**
  * callback body.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#body ClsAlarm#body}
  */
  readonly body: string;
  /**
  * callback headers.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#headers ClsAlarm#headers}
  */
  readonly headers?: string[];
}

export function clsAlarmCallBackToTerraform(struct?: ClsAlarmCallBackOutputReference | ClsAlarmCallBack): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    body: cdktn.stringToTerraform(struct!.body),
    headers: cdktn.listMapper(cdktn.stringToTerraform, false)(struct!.headers),
  }
}


export function clsAlarmCallBackToHclTerraform(struct?: ClsAlarmCallBackOutputReference | ClsAlarmCallBack): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    body: {
      value: cdktn.stringToHclTerraform(struct!.body),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    headers: {
      value: cdktn.listMapperHcl(cdktn.stringToHclTerraform, false)(struct!.headers),
      isBlock: false,
      type: "set",
      storageClassType: "stringList",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ClsAlarmCallBackOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): ClsAlarmCallBack | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._body !== undefined) {
      hasAnyValues = true;
      internalValueResult.body = this._body;
    }
    if (this._headers !== undefined) {
      hasAnyValues = true;
      internalValueResult.headers = this._headers;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ClsAlarmCallBack | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._body = undefined;
      this._headers = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._body = value.body;
      this._headers = value.headers;
    }
  }

  // body - computed: false, optional: false, required: true
  private _body?: string; 
  public get body() {
    return this.getStringAttribute('body');
  }
  public set body(value: string) {
    this._body = value;
  }
  // Temporarily expose input value. Use with caution.
  public get bodyInput() {
    return this._body;
  }

  // headers - computed: false, optional: true, required: false
  private _headers?: string[]; 
  public get headers() {
    return cdktn.Fn.tolist(this.getListAttribute('headers'));
  }
  public set headers(value: string[]) {
    this._headers = value;
  }
  public resetHeaders() {
    this._headers = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get headersInput() {
    return this._headers;
  }
}
export interface ClsAlarmMonitorNoticeNotices {
  /**
  * Alarm levels. 0: Warning; 1: Info; 2: Critical.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#alarm_levels ClsAlarm#alarm_levels}
  */
  readonly alarmLevels?: number[];
  /**
  * Observable platform content template ID. If empty, use default content template.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#content_tmpl_id ClsAlarm#content_tmpl_id}
  */
  readonly contentTmplId?: string;
  /**
  * Observable platform notification template ID.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#notice_id ClsAlarm#notice_id}
  */
  readonly noticeId: string;
}

export function clsAlarmMonitorNoticeNoticesToTerraform(struct?: ClsAlarmMonitorNoticeNotices | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    alarm_levels: cdktn.listMapper(cdktn.numberToTerraform, false)(struct!.alarmLevels),
    content_tmpl_id: cdktn.stringToTerraform(struct!.contentTmplId),
    notice_id: cdktn.stringToTerraform(struct!.noticeId),
  }
}


export function clsAlarmMonitorNoticeNoticesToHclTerraform(struct?: ClsAlarmMonitorNoticeNotices | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    alarm_levels: {
      value: cdktn.listMapperHcl(cdktn.numberToHclTerraform, false)(struct!.alarmLevels),
      isBlock: false,
      type: "list",
      storageClassType: "numberList",
    },
    content_tmpl_id: {
      value: cdktn.stringToHclTerraform(struct!.contentTmplId),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    notice_id: {
      value: cdktn.stringToHclTerraform(struct!.noticeId),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ClsAlarmMonitorNoticeNoticesOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktn.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param complexObjectIndex the index of this item in the list
  * @param complexObjectIsFromSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean) {
    super(terraformResource, terraformAttribute, complexObjectIsFromSet, complexObjectIndex);
  }

  public get internalValue(): ClsAlarmMonitorNoticeNotices | cdktn.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._alarmLevels !== undefined) {
      hasAnyValues = true;
      internalValueResult.alarmLevels = this._alarmLevels;
    }
    if (this._contentTmplId !== undefined) {
      hasAnyValues = true;
      internalValueResult.contentTmplId = this._contentTmplId;
    }
    if (this._noticeId !== undefined) {
      hasAnyValues = true;
      internalValueResult.noticeId = this._noticeId;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ClsAlarmMonitorNoticeNotices | cdktn.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._alarmLevels = undefined;
      this._contentTmplId = undefined;
      this._noticeId = undefined;
    }
    else if (cdktn.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._alarmLevels = value.alarmLevels;
      this._contentTmplId = value.contentTmplId;
      this._noticeId = value.noticeId;
    }
  }

  // alarm_levels - computed: false, optional: true, required: false
  private _alarmLevels?: number[]; 
  public get alarmLevels() {
    return this.getNumberListAttribute('alarm_levels');
  }
  public set alarmLevels(value: number[]) {
    this._alarmLevels = value;
  }
  public resetAlarmLevels() {
    this._alarmLevels = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get alarmLevelsInput() {
    return this._alarmLevels;
  }

  // content_tmpl_id - computed: false, optional: true, required: false
  private _contentTmplId?: string; 
  public get contentTmplId() {
    return this.getStringAttribute('content_tmpl_id');
  }
  public set contentTmplId(value: string) {
    this._contentTmplId = value;
  }
  public resetContentTmplId() {
    this._contentTmplId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get contentTmplIdInput() {
    return this._contentTmplId;
  }

  // notice_id - computed: false, optional: false, required: true
  private _noticeId?: string; 
  public get noticeId() {
    return this.getStringAttribute('notice_id');
  }
  public set noticeId(value: string) {
    this._noticeId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get noticeIdInput() {
    return this._noticeId;
  }
}

export class ClsAlarmMonitorNoticeNoticesList extends cdktn.ComplexList {
  public internalValue? : ClsAlarmMonitorNoticeNotices[] | cdktn.IResolvable

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param wrapsSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string, wrapsSet: boolean) {
    super(terraformResource, terraformAttribute, wrapsSet);
  }

  /**
  * @param index the index of the item to return
  */
  public get(index: number): ClsAlarmMonitorNoticeNoticesOutputReference {
    return new ClsAlarmMonitorNoticeNoticesOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface ClsAlarmMonitorNotice {
  /**
  * notices block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#notices ClsAlarm#notices}
  */
  readonly notices?: ClsAlarmMonitorNoticeNotices[] | cdktn.IResolvable;
}

export function clsAlarmMonitorNoticeToTerraform(struct?: ClsAlarmMonitorNoticeOutputReference | ClsAlarmMonitorNotice): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    notices: cdktn.listMapper(clsAlarmMonitorNoticeNoticesToTerraform, true)(struct!.notices),
  }
}


export function clsAlarmMonitorNoticeToHclTerraform(struct?: ClsAlarmMonitorNoticeOutputReference | ClsAlarmMonitorNotice): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    notices: {
      value: cdktn.listMapperHcl(clsAlarmMonitorNoticeNoticesToHclTerraform, true)(struct!.notices),
      isBlock: true,
      type: "list",
      storageClassType: "ClsAlarmMonitorNoticeNoticesList",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ClsAlarmMonitorNoticeOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): ClsAlarmMonitorNotice | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._notices?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.notices = this._notices?.internalValue;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ClsAlarmMonitorNotice | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._notices.internalValue = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._notices.internalValue = value.notices;
    }
  }

  // notices - computed: false, optional: true, required: false
  private _notices = new ClsAlarmMonitorNoticeNoticesList(this, "notices", false);
  public get notices() {
    return this._notices;
  }
  public putNotices(value: ClsAlarmMonitorNoticeNotices[] | cdktn.IResolvable) {
    this._notices.internalValue = value;
  }
  public resetNotices() {
    this._notices.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get noticesInput() {
    return this._notices.internalValue;
  }
}
export interface ClsAlarmMonitorTime {
  /**
  * time period or point in time.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#time ClsAlarm#time}
  */
  readonly time: number;
  /**
  * Period for periodic execution, Fixed for regular execution.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#type ClsAlarm#type}
  */
  readonly type: string;
}

export function clsAlarmMonitorTimeToTerraform(struct?: ClsAlarmMonitorTimeOutputReference | ClsAlarmMonitorTime): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    time: cdktn.numberToTerraform(struct!.time),
    type: cdktn.stringToTerraform(struct!.type),
  }
}


export function clsAlarmMonitorTimeToHclTerraform(struct?: ClsAlarmMonitorTimeOutputReference | ClsAlarmMonitorTime): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    time: {
      value: cdktn.numberToHclTerraform(struct!.time),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    type: {
      value: cdktn.stringToHclTerraform(struct!.type),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ClsAlarmMonitorTimeOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): ClsAlarmMonitorTime | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._time !== undefined) {
      hasAnyValues = true;
      internalValueResult.time = this._time;
    }
    if (this._type !== undefined) {
      hasAnyValues = true;
      internalValueResult.type = this._type;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ClsAlarmMonitorTime | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._time = undefined;
      this._type = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._time = value.time;
      this._type = value.type;
    }
  }

  // time - computed: false, optional: false, required: true
  private _time?: number; 
  public get time() {
    return this.getNumberAttribute('time');
  }
  public set time(value: number) {
    this._time = value;
  }
  // Temporarily expose input value. Use with caution.
  public get timeInput() {
    return this._time;
  }

  // type - computed: false, optional: false, required: true
  private _type?: string; 
  public get type() {
    return this.getStringAttribute('type');
  }
  public set type(value: string) {
    this._type = value;
  }
  // Temporarily expose input value. Use with caution.
  public get typeInput() {
    return this._type;
  }
}
export interface ClsAlarmMultiConditions {
  /**
  * Alarm level. 0: Warning; 1: Info; 2: Critical. Default is 0.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#alarm_level ClsAlarm#alarm_level}
  */
  readonly alarmLevel?: number;
  /**
  * Trigger condition.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#condition ClsAlarm#condition}
  */
  readonly condition?: string;
}

export function clsAlarmMultiConditionsToTerraform(struct?: ClsAlarmMultiConditions | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    alarm_level: cdktn.numberToTerraform(struct!.alarmLevel),
    condition: cdktn.stringToTerraform(struct!.condition),
  }
}


export function clsAlarmMultiConditionsToHclTerraform(struct?: ClsAlarmMultiConditions | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    alarm_level: {
      value: cdktn.numberToHclTerraform(struct!.alarmLevel),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    condition: {
      value: cdktn.stringToHclTerraform(struct!.condition),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ClsAlarmMultiConditionsOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktn.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param complexObjectIndex the index of this item in the list
  * @param complexObjectIsFromSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean) {
    super(terraformResource, terraformAttribute, complexObjectIsFromSet, complexObjectIndex);
  }

  public get internalValue(): ClsAlarmMultiConditions | cdktn.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._alarmLevel !== undefined) {
      hasAnyValues = true;
      internalValueResult.alarmLevel = this._alarmLevel;
    }
    if (this._condition !== undefined) {
      hasAnyValues = true;
      internalValueResult.condition = this._condition;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ClsAlarmMultiConditions | cdktn.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._alarmLevel = undefined;
      this._condition = undefined;
    }
    else if (cdktn.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._alarmLevel = value.alarmLevel;
      this._condition = value.condition;
    }
  }

  // alarm_level - computed: true, optional: true, required: false
  private _alarmLevel?: number; 
  public get alarmLevel() {
    return this.getNumberAttribute('alarm_level');
  }
  public set alarmLevel(value: number) {
    this._alarmLevel = value;
  }
  public resetAlarmLevel() {
    this._alarmLevel = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get alarmLevelInput() {
    return this._alarmLevel;
  }

  // condition - computed: false, optional: true, required: false
  private _condition?: string; 
  public get condition() {
    return this.getStringAttribute('condition');
  }
  public set condition(value: string) {
    this._condition = value;
  }
  public resetCondition() {
    this._condition = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get conditionInput() {
    return this._condition;
  }
}

export class ClsAlarmMultiConditionsList extends cdktn.ComplexList {
  public internalValue? : ClsAlarmMultiConditions[] | cdktn.IResolvable

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param wrapsSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string, wrapsSet: boolean) {
    super(terraformResource, terraformAttribute, wrapsSet);
  }

  /**
  * @param index the index of the item to return
  */
  public get(index: number): ClsAlarmMultiConditionsOutputReference {
    return new ClsAlarmMultiConditionsOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}

/**
* Represents a {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm tencentcloud_cls_alarm}
*/
export class ClsAlarm extends cdktn.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "tencentcloud_cls_alarm";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTN code for importing a ClsAlarm resource upon running "cdktn plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the ClsAlarm to import
  * @param importFromId The id of the existing ClsAlarm that should be imported. Refer to the {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the ClsAlarm to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktn.TerraformProvider) {
        return new cdktn.ImportableResource(scope, importToId, { terraformResourceType: "tencentcloud_cls_alarm", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cls_alarm tencentcloud_cls_alarm} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options ClsAlarmConfig
  */
  public constructor(scope: Construct, id: string, config: ClsAlarmConfig) {
    super(scope, id, {
      terraformResourceType: 'tencentcloud_cls_alarm',
      terraformGeneratorMetadata: {
        providerName: 'tencentcloud',
        providerVersionConstraint: '~> 1.83.16'
      },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach
    });
    this._alarmLevel = config.alarmLevel;
    this._alarmNoticeIds = config.alarmNoticeIds;
    this._alarmPeriod = config.alarmPeriod;
    this._classifications = config.classifications;
    this._condition = config.condition;
    this._id = config.id;
    this._messageTemplate = config.messageTemplate;
    this._name = config.name;
    this._status = config.status;
    this._tags = config.tags;
    this._triggerCount = config.triggerCount;
    this._alarmTargets.internalValue = config.alarmTargets;
    this._analysis.internalValue = config.analysis;
    this._callBack.internalValue = config.callBack;
    this._monitorNotice.internalValue = config.monitorNotice;
    this._monitorTime.internalValue = config.monitorTime;
    this._multiConditions.internalValue = config.multiConditions;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // alarm_level - computed: true, optional: true, required: false
  private _alarmLevel?: number; 
  public get alarmLevel() {
    return this.getNumberAttribute('alarm_level');
  }
  public set alarmLevel(value: number) {
    this._alarmLevel = value;
  }
  public resetAlarmLevel() {
    this._alarmLevel = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get alarmLevelInput() {
    return this._alarmLevel;
  }

  // alarm_notice_ids - computed: false, optional: true, required: false
  private _alarmNoticeIds?: string[]; 
  public get alarmNoticeIds() {
    return cdktn.Fn.tolist(this.getListAttribute('alarm_notice_ids'));
  }
  public set alarmNoticeIds(value: string[]) {
    this._alarmNoticeIds = value;
  }
  public resetAlarmNoticeIds() {
    this._alarmNoticeIds = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get alarmNoticeIdsInput() {
    return this._alarmNoticeIds;
  }

  // alarm_period - computed: false, optional: false, required: true
  private _alarmPeriod?: number; 
  public get alarmPeriod() {
    return this.getNumberAttribute('alarm_period');
  }
  public set alarmPeriod(value: number) {
    this._alarmPeriod = value;
  }
  // Temporarily expose input value. Use with caution.
  public get alarmPeriodInput() {
    return this._alarmPeriod;
  }

  // classifications - computed: false, optional: true, required: false
  private _classifications?: { [key: string]: string }; 
  public get classifications() {
    return this.getStringMapAttribute('classifications');
  }
  public set classifications(value: { [key: string]: string }) {
    this._classifications = value;
  }
  public resetClassifications() {
    this._classifications = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get classificationsInput() {
    return this._classifications;
  }

  // condition - computed: false, optional: true, required: false
  private _condition?: string; 
  public get condition() {
    return this.getStringAttribute('condition');
  }
  public set condition(value: string) {
    this._condition = value;
  }
  public resetCondition() {
    this._condition = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get conditionInput() {
    return this._condition;
  }

  // id - computed: true, optional: true, required: false
  private _id?: string; 
  public get id() {
    return this.getStringAttribute('id');
  }
  public set id(value: string) {
    this._id = value;
  }
  public resetId() {
    this._id = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get idInput() {
    return this._id;
  }

  // message_template - computed: false, optional: true, required: false
  private _messageTemplate?: string; 
  public get messageTemplate() {
    return this.getStringAttribute('message_template');
  }
  public set messageTemplate(value: string) {
    this._messageTemplate = value;
  }
  public resetMessageTemplate() {
    this._messageTemplate = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get messageTemplateInput() {
    return this._messageTemplate;
  }

  // name - computed: false, optional: false, required: true
  private _name?: string; 
  public get name() {
    return this.getStringAttribute('name');
  }
  public set name(value: string) {
    this._name = value;
  }
  // Temporarily expose input value. Use with caution.
  public get nameInput() {
    return this._name;
  }

  // status - computed: true, optional: true, required: false
  private _status?: boolean | cdktn.IResolvable; 
  public get status() {
    return this.getBooleanAttribute('status');
  }
  public set status(value: boolean | cdktn.IResolvable) {
    this._status = value;
  }
  public resetStatus() {
    this._status = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get statusInput() {
    return this._status;
  }

  // tags - computed: false, optional: true, required: false
  private _tags?: { [key: string]: string }; 
  public get tags() {
    return this.getStringMapAttribute('tags');
  }
  public set tags(value: { [key: string]: string }) {
    this._tags = value;
  }
  public resetTags() {
    this._tags = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get tagsInput() {
    return this._tags;
  }

  // trigger_count - computed: false, optional: false, required: true
  private _triggerCount?: number; 
  public get triggerCount() {
    return this.getNumberAttribute('trigger_count');
  }
  public set triggerCount(value: number) {
    this._triggerCount = value;
  }
  // Temporarily expose input value. Use with caution.
  public get triggerCountInput() {
    return this._triggerCount;
  }

  // alarm_targets - computed: false, optional: false, required: true
  private _alarmTargets = new ClsAlarmAlarmTargetsList(this, "alarm_targets", false);
  public get alarmTargets() {
    return this._alarmTargets;
  }
  public putAlarmTargets(value: ClsAlarmAlarmTargets[] | cdktn.IResolvable) {
    this._alarmTargets.internalValue = value;
  }
  // Temporarily expose input value. Use with caution.
  public get alarmTargetsInput() {
    return this._alarmTargets.internalValue;
  }

  // analysis - computed: false, optional: true, required: false
  private _analysis = new ClsAlarmAnalysisList(this, "analysis", false);
  public get analysis() {
    return this._analysis;
  }
  public putAnalysis(value: ClsAlarmAnalysis[] | cdktn.IResolvable) {
    this._analysis.internalValue = value;
  }
  public resetAnalysis() {
    this._analysis.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get analysisInput() {
    return this._analysis.internalValue;
  }

  // call_back - computed: false, optional: true, required: false
  private _callBack = new ClsAlarmCallBackOutputReference(this, "call_back");
  public get callBack() {
    return this._callBack;
  }
  public putCallBack(value: ClsAlarmCallBack) {
    this._callBack.internalValue = value;
  }
  public resetCallBack() {
    this._callBack.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get callBackInput() {
    return this._callBack.internalValue;
  }

  // monitor_notice - computed: false, optional: true, required: false
  private _monitorNotice = new ClsAlarmMonitorNoticeOutputReference(this, "monitor_notice");
  public get monitorNotice() {
    return this._monitorNotice;
  }
  public putMonitorNotice(value: ClsAlarmMonitorNotice) {
    this._monitorNotice.internalValue = value;
  }
  public resetMonitorNotice() {
    this._monitorNotice.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get monitorNoticeInput() {
    return this._monitorNotice.internalValue;
  }

  // monitor_time - computed: false, optional: false, required: true
  private _monitorTime = new ClsAlarmMonitorTimeOutputReference(this, "monitor_time");
  public get monitorTime() {
    return this._monitorTime;
  }
  public putMonitorTime(value: ClsAlarmMonitorTime) {
    this._monitorTime.internalValue = value;
  }
  // Temporarily expose input value. Use with caution.
  public get monitorTimeInput() {
    return this._monitorTime.internalValue;
  }

  // multi_conditions - computed: false, optional: true, required: false
  private _multiConditions = new ClsAlarmMultiConditionsList(this, "multi_conditions", false);
  public get multiConditions() {
    return this._multiConditions;
  }
  public putMultiConditions(value: ClsAlarmMultiConditions[] | cdktn.IResolvable) {
    this._multiConditions.internalValue = value;
  }
  public resetMultiConditions() {
    this._multiConditions.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get multiConditionsInput() {
    return this._multiConditions.internalValue;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      alarm_level: cdktn.numberToTerraform(this._alarmLevel),
      alarm_notice_ids: cdktn.listMapper(cdktn.stringToTerraform, false)(this._alarmNoticeIds),
      alarm_period: cdktn.numberToTerraform(this._alarmPeriod),
      classifications: cdktn.hashMapper(cdktn.stringToTerraform)(this._classifications),
      condition: cdktn.stringToTerraform(this._condition),
      id: cdktn.stringToTerraform(this._id),
      message_template: cdktn.stringToTerraform(this._messageTemplate),
      name: cdktn.stringToTerraform(this._name),
      status: cdktn.booleanToTerraform(this._status),
      tags: cdktn.hashMapper(cdktn.stringToTerraform)(this._tags),
      trigger_count: cdktn.numberToTerraform(this._triggerCount),
      alarm_targets: cdktn.listMapper(clsAlarmAlarmTargetsToTerraform, true)(this._alarmTargets.internalValue),
      analysis: cdktn.listMapper(clsAlarmAnalysisToTerraform, true)(this._analysis.internalValue),
      call_back: clsAlarmCallBackToTerraform(this._callBack.internalValue),
      monitor_notice: clsAlarmMonitorNoticeToTerraform(this._monitorNotice.internalValue),
      monitor_time: clsAlarmMonitorTimeToTerraform(this._monitorTime.internalValue),
      multi_conditions: cdktn.listMapper(clsAlarmMultiConditionsToTerraform, true)(this._multiConditions.internalValue),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      alarm_level: {
        value: cdktn.numberToHclTerraform(this._alarmLevel),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      alarm_notice_ids: {
        value: cdktn.listMapperHcl(cdktn.stringToHclTerraform, false)(this._alarmNoticeIds),
        isBlock: false,
        type: "set",
        storageClassType: "stringList",
      },
      alarm_period: {
        value: cdktn.numberToHclTerraform(this._alarmPeriod),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      classifications: {
        value: cdktn.hashMapperHcl(cdktn.stringToHclTerraform)(this._classifications),
        isBlock: false,
        type: "map",
        storageClassType: "stringMap",
      },
      condition: {
        value: cdktn.stringToHclTerraform(this._condition),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      id: {
        value: cdktn.stringToHclTerraform(this._id),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      message_template: {
        value: cdktn.stringToHclTerraform(this._messageTemplate),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      name: {
        value: cdktn.stringToHclTerraform(this._name),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      status: {
        value: cdktn.booleanToHclTerraform(this._status),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      tags: {
        value: cdktn.hashMapperHcl(cdktn.stringToHclTerraform)(this._tags),
        isBlock: false,
        type: "map",
        storageClassType: "stringMap",
      },
      trigger_count: {
        value: cdktn.numberToHclTerraform(this._triggerCount),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      alarm_targets: {
        value: cdktn.listMapperHcl(clsAlarmAlarmTargetsToHclTerraform, true)(this._alarmTargets.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "ClsAlarmAlarmTargetsList",
      },
      analysis: {
        value: cdktn.listMapperHcl(clsAlarmAnalysisToHclTerraform, true)(this._analysis.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "ClsAlarmAnalysisList",
      },
      call_back: {
        value: clsAlarmCallBackToHclTerraform(this._callBack.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "ClsAlarmCallBackList",
      },
      monitor_notice: {
        value: clsAlarmMonitorNoticeToHclTerraform(this._monitorNotice.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "ClsAlarmMonitorNoticeList",
      },
      monitor_time: {
        value: clsAlarmMonitorTimeToHclTerraform(this._monitorTime.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "ClsAlarmMonitorTimeList",
      },
      multi_conditions: {
        value: cdktn.listMapperHcl(clsAlarmMultiConditionsToHclTerraform, true)(this._multiConditions.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "ClsAlarmMultiConditionsList",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
