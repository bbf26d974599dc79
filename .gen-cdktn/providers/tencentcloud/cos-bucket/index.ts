// https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktn from 'cdktn';

// Configuration

export interface CosBucketConfig extends cdktn.TerraformMetaArguments {
  /**
  * Turn on global acceleration.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#acceleration_enable CosBucket#acceleration_enable}
  */
  readonly accelerationEnable?: boolean | cdktn.IResolvable;
  /**
  * Canned ACL: private, public-read or public-read-write.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#acl CosBucket#acl}
  */
  readonly acl?: string;
  /**
  * ACL as XML; overrides acl.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#acl_body CosBucket#acl_body}
  */
  readonly aclBody?: string;
  /**
  * Bucket name in the form name-appid.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#bucket CosBucket#bucket}
  */
  readonly bucket: string;
  /**
  * CDC cluster ID.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#cdc_id CosBucket#cdc_id}
  */
  readonly cdcId?: string;
  /**
  * Create a metadata accelerated bucket.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#chdfs_ofs CosBucket#chdfs_ofs}
  */
  readonly chdfsOfs?: boolean | cdktn.IResolvable;
  /**
  * Send Vary: Origin in CORS responses ("true" or "false").
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#cors_response_vary CosBucket#cors_response_vary}
  */
  readonly corsResponseVary?: string;
  /**
  * Turn on intelligent tiering; cannot be undone.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#enable_intelligent_tiering CosBucket#enable_intelligent_tiering}
  */
  readonly enableIntelligentTiering?: boolean | cdktn.IResolvable;
  /**
  * Server-side encryption: AES256, KMS or SM4.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#encryption_algorithm CosBucket#encryption_algorithm}
  */
  readonly encryptionAlgorithm?: string;
  /**
  * Delete all objects when the bucket is destroyed.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#force_clean CosBucket#force_clean}
  */
  readonly forceClean?: boolean | cdktn.IResolvable;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#id CosBucket#id}
  *
  * Please be aware that the id field is automatically added to all resources in Terraform providers using a Terraform provider SDK version below 2.
  * If you experience problems setting this value it might not be settable. Please take a look at the provider documentation to ensure it should be settable.
  */
  readonly id?: string;
  /**
  * Days before cold data moves to the IA tier: 30, 60 or 90.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#intelligent_tiering_days CosBucket#intelligent_tiering_days}
  */
  readonly intelligentTieringDays?: number;
  /**
  * Access count threshold for tiering.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#intelligent_tiering_request_frequent CosBucket#intelligent_tiering_request_frequent}
  */
  readonly intelligentTieringRequestFrequent?: number;
  /**
  * KMS key for KMS encryption.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#kms_id CosBucket#kms_id}
  */
  readonly kmsId?: string;
  /**
  * Write access logs (default false).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#log_enable CosBucket#log_enable}
  */
  readonly logEnable?: boolean | cdktn.IResolvable;
  /**
  * Key prefix for access log files.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#log_prefix CosBucket#log_prefix}
  */
  readonly logPrefix?: string;
  /**
  * Bucket that receives access logs.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#log_target_bucket CosBucket#log_target_bucket}
  */
  readonly logTargetBucket?: string;
  /**
  * Create a multi-AZ bucket.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#multi_az CosBucket#multi_az}
  */
  readonly multiAz?: boolean | cdktn.IResolvable;
  /**
  * Identity used for replication; needs versioning.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#replica_role CosBucket#replica_role}
  */
  readonly replicaRole?: string;
  /**
  * Resource tags.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#tags CosBucket#tags}
  */
  readonly tags?: { [key: string]: string };
  /**
  * Turn on object versioning.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#versioning_enable CosBucket#versioning_enable}
  */
  readonly versioningEnable?: boolean | cdktn.IResolvable;
  /**
  * cors_rules block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#cors_rules CosBucket#cors_rules}
  */
  readonly corsRules?: CosBucketCorsRules[] | cdktn.IResolvable;
  /**
  * intelligent_tiering_archiving_rule_list block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#intelligent_tiering_archiving_rule_list CosBucket#intelligent_tiering_archiving_rule_list}
  */
  readonly intelligentTieringArchivingRuleList?: CosBucketIntelligentTieringArchivingRuleListStruct[] | cdktn.IResolvable;
  /**
  * lifecycle_rules block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#lifecycle_rules CosBucket#lifecycle_rules}
  */
  readonly lifecycleRules?: CosBucketLifecycleRules[] | cdktn.IResolvable;
  /**
  * object_lock_configuration block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#object_lock_configuration CosBucket#object_lock_configuration}
  */
  readonly objectLockConfiguration?: CosBucketObjectLockConfiguration;
  /**
  * origin_domain_rules block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#origin_domain_rules CosBucket#origin_domain_rules}
  */
  readonly originDomainRules?: CosBucketOriginDomainRules[] | cdktn.IResolvable;
  /**
  * origin_pull_rules block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#origin_pull_rules CosBucket#origin_pull_rules}
  */
  readonly originPullRules?: CosBucketOriginPullRules[] | cdktn.IResolvable;
  /**
  * replica_rules block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#replica_rules CosBucket#replica_rules}
  */
  readonly replicaRules?: CosBucketReplicaRules[] | cdktn.IResolvable;
  /**
  * website block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#website CosBucket#website}
  */
  readonly website?: CosBucketWebsite;
}
export interface CosBucketCorsRules {
  /**
  * Request headers allowed.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#allowed_headers CosBucket#allowed_headers}
  */
  readonly allowedHeaders: string[];
  /**
  * HTTP methods allowed.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#allowed_methods CosBucket#allowed_methods}
  */
  readonly allowedMethods: string[];
  /**
  * Origins allowed.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#allowed_origins CosBucket#allowed_origins}
  */
  readonly allowedOrigins: string[];
  /**
  * Response headers exposed to the browser.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#expose_headers CosBucket#expose_headers}
  */
  readonly exposeHeaders?: string[];
  /**
  * Preflight cache time in seconds.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#max_age_seconds CosBucket#max_age_seconds}
  */
  readonly maxAgeSeconds?: number;
}

export function cosBucketCorsRulesToTerraform(struct?: CosBucketCorsRules | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    allowed_headers: cdktn.listMapper(cdktn.stringToTerraform, false)(struct!.allowedHeaders),
    allowed_methods: cdktn.listMapper(cdktn.stringToTerraform, false)(struct!.allowedMethods),
    allowed_origins: cdktn.listMapper(cdktn.stringToTerraform, false)(struct!.allowedOrigins),
    expose_headers: cdktn.listMapper(cdktn.stringToTerraform, false)(struct!.exposeHeaders),
    max_age_seconds: cdktn.numberToTerraform(struct!.maxAgeSeconds),
  }
}


export function cosBucketCorsRulesToHclTerraform(struct?: CosBucketCorsRules | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    allowed_headers: {
      value: cdktn.listMapperHcl(cdktn.stringToHclTerraform, false)(struct!.allowedHeaders),
      isBlock: false,
      type: "list",
      storageClassType: "stringList",
    },
    allowed_methods: {
      value: cdktn.listMapperHcl(cdktn.stringToHclTerraform, false)(struct!.allowedMethods),
      isBlock: false,
      type: "list",
      storageClassType: "stringList",
    },
    allowed_origins: {
      value: cdktn.listMapperHcl(cdktn.stringToHclTerraform, false)(struct!.allowedOrigins),
      isBlock: false,
      type: "list",
      storageClassType: "stringList",
    },
    expose_headers: {
      value: cdktn.listMapperHcl(cdktn.stringToHclTerraform, false)(struct!.exposeHeaders),
      isBlock: false,
      type: "list",
      storageClassType: "stringList",
    },
    max_age_seconds: {
      value: cdktn.numberToHclTerraform(struct!.maxAgeSeconds),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CosBucketCorsRulesOutputReference extends cdktn.ComplexObject {
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

  public get internalValue(): CosBucketCorsRules | cdktn.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._allowedHeaders !== undefined) {
      hasAnyValues = true;
      internalValueResult.allowedHeaders = this._allowedHeaders;
    }
    if (this._allowedMethods !== undefined) {
      hasAnyValues = true;
      internalValueResult.allowedMethods = this._allowedMethods;
    }
    if (this._allowedOrigins !== undefined) {
      hasAnyValues = true;
      internalValueResult.allowedOrigins = this._allowedOrigins;
    }
    if (this._exposeHeaders !== undefined) {
      hasAnyValues = true;
      internalValueResult.exposeHeaders = this._exposeHeaders;
    }
    if (this._maxAgeSeconds !== undefined) {
      hasAnyValues = true;
      internalValueResult.maxAgeSeconds = this._maxAgeSeconds;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CosBucketCorsRules | cdktn.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._allowedHeaders = undefined;
      this._allowedMethods = undefined;
      this._allowedOrigins = undefined;
      this._exposeHeaders = undefined;
      this._maxAgeSeconds = undefined;
    }
    else if (cdktn.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._allowedHeaders = value.allowedHeaders;
      this._allowedMethods = value.allowedMethods;
      this._allowedOrigins = value.allowedOrigins;
      this._exposeHeaders = value.exposeHeaders;
      this._maxAgeSeconds = value.maxAgeSeconds;
    }
  }

  // allowed_headers - computed: false, optional: false, required: true
  private _allowedHeaders?: string[]; 
  public get allowedHeaders() {
    return this.getListAttribute('allowed_headers');
  }
  public set allowedHeaders(value: string[]) {
    this._allowedHeaders = value;
  }
  // Temporarily expose input value. Use with caution.
  public get allowedHeadersInput() {
    return this._allowedHeaders;
  }

  // allowed_methods - computed: false, optional: false, required: true
  private _allowedMethods?: string[]; 
  public get allowedMethods() {
    return this.getListAttribute('allowed_methods');
  }
  public set allowedMethods(value: string[]) {
    this._allowedMethods = value;
  }
  // Temporarily expose input value. Use with caution.
  public get allowedMethodsInput() {
    return this._allowedMethods;
  }

  // allowed_origins - computed: false, optional: false, required: true
  private _allowedOrigins?: string[]; 
  public get allowedOrigins() {
    return this.getListAttribute('allowed_origins');
  }
  public set allowedOrigins(value: string[]) {
    this._allowedOrigins = value;
  }
  // Temporarily expose input value. Use with caution.
  public get allowedOriginsInput() {
    return this._allowedOrigins;
  }

  // expose_headers - computed: false, optional: true, required: false
  private _exposeHeaders?: string[]; 
  public get exposeHeaders() {
    return this.getListAttribute('expose_headers');
  }
  public set exposeHeaders(value: string[]) {
    this._exposeHeaders = value;
  }
  public resetExposeHeaders() {
    this._exposeHeaders = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get exposeHeadersInput() {
    return this._exposeHeaders;
  }

  // max_age_seconds - computed: false, optional: true, required: false
  private _maxAgeSeconds?: number; 
  public get maxAgeSeconds() {
    return this.getNumberAttribute('max_age_seconds');
  }
  public set maxAgeSeconds(value: number) {
    this._maxAgeSeconds = value;
  }
  public resetMaxAgeSeconds() {
    this._maxAgeSeconds = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get maxAgeSecondsInput() {
    return this._maxAgeSeconds;
  }
}

export class CosBucketCorsRulesList extends cdktn.ComplexList {
  public internalValue? : CosBucketCorsRules[] | cdktn.IResolvable

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
  public get(index: number): CosBucketCorsRulesOutputReference {
    return new CosBucketCorsRulesOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface CosBucketIntelligentTieringArchivingRuleListFilterAndTag {
  /**
  * Tag key.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#key CosBucket#key}
  */
  readonly key: string;
  /**
  * Tag value.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#value CosBucket#value}
  */
  readonly value: string;
}

export function cosBucketIntelligentTieringArchivingRuleListFilterAndTagToTerraform(struct?: CosBucketIntelligentTieringArchivingRuleListFilterAndTag | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    key: cdktn.stringToTerraform(struct!.key),
    value: cdktn.stringToTerraform(struct!.value),
  }
}


export function cosBucketIntelligentTieringArchivingRuleListFilterAndTagToHclTerraform(struct?: CosBucketIntelligentTieringArchivingRuleListFilterAndTag | cdktn.IResolvable): any {
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

export class CosBucketIntelligentTieringArchivingRuleListFilterAndTagOutputReference extends cdktn.ComplexObject {
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

  public get internalValue(): CosBucketIntelligentTieringArchivingRuleListFilterAndTag | cdktn.IResolvable | undefined {
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

  public set internalValue(value: CosBucketIntelligentTieringArchivingRuleListFilterAndTag | cdktn.IResolvable | undefined) {
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

export class CosBucketIntelligentTieringArchivingRuleListFilterAndTagList extends cdktn.ComplexList {
  public internalValue? : CosBucketIntelligentTieringArchivingRuleListFilterAndTag[] | cdktn.IResolvable

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
  public get(index: number): CosBucketIntelligentTieringArchivingRuleListFilterAndTagOutputReference {
    return new CosBucketIntelligentTieringArchivingRuleListFilterAndTagOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface CosBucketIntelligentTieringArchivingRuleListFilterAnd {
  /**
  * Key prefix.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#prefix CosBucket#prefix}
  */
  readonly prefix?: string;
  /**
  * tag block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#tag CosBucket#tag}
  */
  readonly tag?: CosBucketIntelligentTieringArchivingRuleListFilterAndTag[] | cdktn.IResolvable;
}

export function cosBucketIntelligentTieringArchivingRuleListFilterAndToTerraform(struct?: CosBucketIntelligentTieringArchivingRuleListFilterAndOutputReference | CosBucketIntelligentTieringArchivingRuleListFilterAnd): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    prefix: cdktn.stringToTerraform(struct!.prefix),
    tag: cdktn.listMapper(cosBucketIntelligentTieringArchivingRuleListFilterAndTagToTerraform, true)(struct!.tag),
  }
}


export function cosBucketIntelligentTieringArchivingRuleListFilterAndToHclTerraform(struct?: CosBucketIntelligentTieringArchivingRuleListFilterAndOutputReference | CosBucketIntelligentTieringArchivingRuleListFilterAnd): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    prefix: {
      value: cdktn.stringToHclTerraform(struct!.prefix),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    tag: {
      value: cdktn.listMapperHcl(cosBucketIntelligentTieringArchivingRuleListFilterAndTagToHclTerraform, true)(struct!.tag),
      isBlock: true,
      type: "list",
      storageClassType: "CosBucketIntelligentTieringArchivingRuleListFilterAndTagList",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CosBucketIntelligentTieringArchivingRuleListFilterAndOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): CosBucketIntelligentTieringArchivingRuleListFilterAnd | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._prefix !== undefined) {
      hasAnyValues = true;
      internalValueResult.prefix = this._prefix;
    }
    if (this._tag?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.tag = this._tag?.internalValue;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CosBucketIntelligentTieringArchivingRuleListFilterAnd | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._prefix = undefined;
      this._tag.internalValue = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._prefix = value.prefix;
      this._tag.internalValue = value.tag;
    }
  }

  // prefix - computed: false, optional: true, required: false
  private _prefix?: string; 
  public get prefix() {
    return this.getStringAttribute('prefix');
  }
  public set prefix(value: string) {
    this._prefix = value;
  }
  public resetPrefix() {
    this._prefix = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get prefixInput() {
    return this._prefix;
  }

  // tag - computed: false, optional: true, required: false
  private _tag = new CosBucketIntelligentTieringArchivingRuleListFilterAndTagList(this, "tag", false);
  public get tag() {
    return this._tag;
  }
  public putTag(value: CosBucketIntelligentTieringArchivingRuleListFilterAndTag[] | cdktn.IResolvable) {
    this._tag.internalValue = value;
  }
  public resetTag() {
    this._tag.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get tagInput() {
    return this._tag.internalValue;
  }
}
export interface CosBucketIntelligentTieringArchivingRuleListFilterTag {
  /**
  * Tag key.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#key CosBucket#key}
  */
  readonly key: string;
  /**
  * Tag value.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#value CosBucket#value}
  */
  readonly value: string;
}

export function cosBucketIntelligentTieringArchivingRuleListFilterTagToTerraform(struct?: CosBucketIntelligentTieringArchivingRuleListFilterTag | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    key: cdktn.stringToTerraform(struct!.key),
    value: cdktn.stringToTerraform(struct!.value),
  }
}


export function cosBucketIntelligentTieringArchivingRuleListFilterTagToHclTerraform(struct?: CosBucketIntelligentTieringArchivingRuleListFilterTag | cdktn.IResolvable): any {
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

export class CosBucketIntelligentTieringArchivingRuleListFilterTagOutputReference extends cdktn.ComplexObject {
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

  public get internalValue(): CosBucketIntelligentTieringArchivingRuleListFilterTag | cdktn.IResolvable | undefined {
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

  public set internalValue(value: CosBucketIntelligentTieringArchivingRuleListFilterTag | cdktn.IResolvable | undefined) {
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

export class CosBucketIntelligentTieringArchivingRuleListFilterTagList extends cdktn.ComplexList {
  public internalValue? : CosBucketIntelligentTieringArchivingRuleListFilterTag[] | cdktn.IResolvable

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
  public get(index: number): CosBucketIntelligentTieringArchivingRuleListFilterTagOutputReference {
    return new CosBucketIntelligentTieringArchivingRuleListFilterTagOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface CosBucketIntelligentTieringArchivingRuleListFilter {
  /**
  * Key prefix.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#prefix CosBucket#prefix}
  */
  readonly prefix?: string;
  /**
  * and block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#and CosBucket#and}
  */
  readonly and?: CosBucketIntelligentTieringArchivingRuleListFilterAnd;
  /**
  * tag block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#tag CosBucket#tag}
  */
  readonly tag?: CosBucketIntelligentTieringArchivingRuleListFilterTag[] | cdktn.IResolvable;
}

export function cosBucketIntelligentTieringArchivingRuleListFilterToTerraform(struct?: CosBucketIntelligentTieringArchivingRuleListFilterOutputReference | CosBucketIntelligentTieringArchivingRuleListFilter): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    prefix: cdktn.stringToTerraform(struct!.prefix),
    and: cosBucketIntelligentTieringArchivingRuleListFilterAndToTerraform(struct!.and),
    tag: cdktn.listMapper(cosBucketIntelligentTieringArchivingRuleListFilterTagToTerraform, true)(struct!.tag),
  }
}


export function cosBucketIntelligentTieringArchivingRuleListFilterToHclTerraform(struct?: CosBucketIntelligentTieringArchivingRuleListFilterOutputReference | CosBucketIntelligentTieringArchivingRuleListFilter): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    prefix: {
      value: cdktn.stringToHclTerraform(struct!.prefix),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    and: {
      value: cosBucketIntelligentTieringArchivingRuleListFilterAndToHclTerraform(struct!.and),
      isBlock: true,
      type: "list",
      storageClassType: "CosBucketIntelligentTieringArchivingRuleListFilterAndList",
    },
    tag: {
      value: cdktn.listMapperHcl(cosBucketIntelligentTieringArchivingRuleListFilterTagToHclTerraform, true)(struct!.tag),
      isBlock: true,
      type: "list",
      storageClassType: "CosBucketIntelligentTieringArchivingRuleListFilterTagList",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CosBucketIntelligentTieringArchivingRuleListFilterOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): CosBucketIntelligentTieringArchivingRuleListFilter | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._prefix !== undefined) {
      hasAnyValues = true;
      internalValueResult.prefix = this._prefix;
    }
    if (this._and?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.and = this._and?.internalValue;
    }
    if (this._tag?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.tag = this._tag?.internalValue;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CosBucketIntelligentTieringArchivingRuleListFilter | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._prefix = undefined;
      this._and.internalValue = undefined;
      this._tag.internalValue = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._prefix = value.prefix;
      this._and.internalValue = value.and;
      this._tag.internalValue = value.tag;
    }
  }

  // prefix - computed: false, optional: true, required: false
  private _prefix?: string; 
  public get prefix() {
    return this.getStringAttribute('prefix');
  }
  public set prefix(value: string) {
    this._prefix = value;
  }
  public resetPrefix() {
    this._prefix = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get prefixInput() {
    return this._prefix;
  }

  // and - computed: false, optional: true, required: false
  private _and = new CosBucketIntelligentTieringArchivingRuleListFilterAndOutputReference(this, "and");
  public get and() {
    return this._and;
  }
  public putAnd(value: CosBucketIntelligentTieringArchivingRuleListFilterAnd) {
    this._and.internalValue = value;
  }
  public resetAnd() {
    this._and.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get andInput() {
    return this._and.internalValue;
  }

  // tag - computed: false, optional: true, required: false
  private _tag = new CosBucketIntelligentTieringArchivingRuleListFilterTagList(this, "tag", false);
  public get tag() {
    return this._tag;
  }
  public putTag(value: CosBucketIntelligentTieringArchivingRuleListFilterTag[] | cdktn.IResolvable) {
    this._tag.internalValue = value;
  }
  public resetTag() {
    this._tag.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get tagInput() {
    return this._tag.internalValue;
  }
}
export interface CosBucketIntelligentTieringArchivingRuleListTiering {
  /**
  * ARCHIVE_ACCESS or DEEP_ARCHIVE_ACCESS.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#access_tier CosBucket#access_tier}
  */
  readonly accessTier: string;
  /**
  * Days before the move.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#days CosBucket#days}
  */
  readonly days: number;
}

export function cosBucketIntelligentTieringArchivingRuleListTieringToTerraform(struct?: CosBucketIntelligentTieringArchivingRuleListTiering | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    access_tier: cdktn.stringToTerraform(struct!.accessTier),
    days: cdktn.numberToTerraform(struct!.days),
  }
}


export function cosBucketIntelligentTieringArchivingRuleListTieringToHclTerraform(struct?: CosBucketIntelligentTieringArchivingRuleListTiering | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    access_tier: {
      value: cdktn.stringToHclTerraform(struct!.accessTier),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    days: {
      value: cdktn.numberToHclTerraform(struct!.days),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CosBucketIntelligentTieringArchivingRuleListTieringOutputReference extends cdktn.ComplexObject {
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

  public get internalValue(): CosBucketIntelligentTieringArchivingRuleListTiering | cdktn.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._accessTier !== undefined) {
      hasAnyValues = true;
      internalValueResult.accessTier = this._accessTier;
    }
    if (this._days !== undefined) {
      hasAnyValues = true;
      internalValueResult.days = this._days;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CosBucketIntelligentTieringArchivingRuleListTiering | cdktn.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._accessTier = undefined;
      this._days = undefined;
    }
    else if (cdktn.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._accessTier = value.accessTier;
      this._days = value.days;
    }
  }

  // access_tier - computed: false, optional: false, required: true
  private _accessTier?: string; 
  public get accessTier() {
    return this.getStringAttribute('access_tier');
  }
  public set accessTier(value: string) {
    this._accessTier = value;
  }
  // Temporarily expose input value. Use with caution.
  public get accessTierInput() {
    return this._accessTier;
  }

  // days - computed: false, optional: false, required: true
  private _days?: number; 
  public get days() {
    return this.getNumberAttribute('days');
  }
  public set days(value: number) {
    this._days = value;
  }
  // Temporarily expose input value. Use with caution.
  public get daysInput() {
    return this._days;
  }
}

export class CosBucketIntelligentTieringArchivingRuleListTieringList extends cdktn.ComplexList {
  public internalValue? : CosBucketIntelligentTieringArchivingRuleListTiering[] | cdktn.IResolvable

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
  public get(index: number): CosBucketIntelligentTieringArchivingRuleListTieringOutputReference {
    return new CosBucketIntelligentTieringArchivingRuleListTieringOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface CosBucketIntelligentTieringArchivingRuleListStruct {
  /**
  * Rule ID.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#rule_id CosBucket#rule_id}
  */
  readonly ruleId: string;
  /**
  * Enabled or Disabled.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#status CosBucket#status}
  */
  readonly status: string;
  /**
  * filter block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#filter CosBucket#filter}
  */
  readonly filter?: CosBucketIntelligentTieringArchivingRuleListFilter;
  /**
  * tiering block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#tiering CosBucket#tiering}
  */
  readonly tiering: CosBucketIntelligentTieringArchivingRuleListTiering[] | cdktn.IResolvable;
}

export function cosBucketIntelligentTieringArchivingRuleListStructToTerraform(struct?: CosBucketIntelligentTieringArchivingRuleListStruct | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    rule_id: cdktn.stringToTerraform(struct!.ruleId),
    status: cdktn.stringToTerraform(struct!.status),
    filter: cosBucketIntelligentTieringArchivingRuleListFilterToTerraform(struct!.filter),
    tiering: cdktn.listMapper(cosBucketIntelligentTieringArchivingRuleListTieringToTerraform, true)(struct!.tiering),
  }
}


export function cosBucketIntelligentTieringArchivingRuleListStructToHclTerraform(struct?: CosBucketIntelligentTieringArchivingRuleListStruct | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    rule_id: {
      value: cdktn.stringToHclTerraform(struct!.ruleId),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    status: {
      value: cdktn.stringToHclTerraform(struct!.status),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    filter: {
      value: cosBucketIntelligentTieringArchivingRuleListFilterToHclTerraform(struct!.filter),
      isBlock: true,
      type: "list",
      storageClassType: "CosBucketIntelligentTieringArchivingRuleListFilterList",
    },
    tiering: {
      value: cdktn.listMapperHcl(cosBucketIntelligentTieringArchivingRuleListTieringToHclTerraform, true)(struct!.tiering),
      isBlock: true,
      type: "list",
      storageClassType: "CosBucketIntelligentTieringArchivingRuleListTieringList",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CosBucketIntelligentTieringArchivingRuleListStructOutputReference extends cdktn.ComplexObject {
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

  public get internalValue(): CosBucketIntelligentTieringArchivingRuleListStruct | cdktn.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._ruleId !== undefined) {
      hasAnyValues = true;
      internalValueResult.ruleId = this._ruleId;
    }
    if (this._status !== undefined) {
      hasAnyValues = true;
      internalValueResult.status = this._status;
    }
    if (this._filter?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.filter = this._filter?.internalValue;
    }
    if (this._tiering?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.tiering = this._tiering?.internalValue;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CosBucketIntelligentTieringArchivingRuleListStruct | cdktn.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._ruleId = undefined;
      this._status = undefined;
      this._filter.internalValue = undefined;
      this._tiering.internalValue = undefined;
    }
    else if (cdktn.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._ruleId = value.ruleId;
      this._status = value.status;
      this._filter.internalValue = value.filter;
      this._tiering.internalValue = value.tiering;
    }
  }

  // rule_id - computed: false, optional: false, required: true
  private _ruleId?: string; 
  public get ruleId() {
    return this.getStringAttribute('rule_id');
  }
  public set ruleId(value: string) {
    this._ruleId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get ruleIdInput() {
    return this._ruleId;
  }

  // status - computed: false, optional: false, required: true
  private _status?: string; 
  public get status() {
    return this.getStringAttribute('status');
  }
  public set status(value: string) {
    this._status = value;
  }
  // Temporarily expose input value. Use with caution.
  public get statusInput() {
    return this._status;
  }

  // filter - computed: false, optional: true, required: false
  private _filter = new CosBucketIntelligentTieringArchivingRuleListFilterOutputReference(this, "filter");
  public get filter() {
    return this._filter;
  }
  public putFilter(value: CosBucketIntelligentTieringArchivingRuleListFilter) {
    this._filter.internalValue = value;
  }
  public resetFilter() {
    this._filter.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get filterInput() {
    return this._filter.internalValue;
  }

  // tiering - computed: false, optional: false, required: true
  private _tiering = new CosBucketIntelligentTieringArchivingRuleListTieringList(this, "tiering", false);
  public get tiering() {
    return this._tiering;
  }
  public putTiering(value: CosBucketIntelligentTieringArchivingRuleListTiering[] | cdktn.IResolvable) {
    this._tiering.internalValue = value;
  }
  // Temporarily expose input value. Use with caution.
  public get tieringInput() {
    return this._tiering.internalValue;
  }
}

export class CosBucketIntelligentTieringArchivingRuleListStructList extends cdktn.ComplexList {
  public internalValue? : CosBucketIntelligentTieringArchivingRuleListStruct[] | cdktn.IResolvable

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
  public get(index: number): CosBucketIntelligentTieringArchivingRuleListStructOutputReference {
    return new CosBucketIntelligentTieringArchivingRuleListStructOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface CosBucketLifecycleRulesAbortIncompleteMultipartUpload {
  /**
  * Days after start before abort (max 3650).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#days_after_initiation CosBucket#days_after_initiation}
  */
  readonly daysAfterInitiation: number;
}

export function cosBucketLifecycleRulesAbortIncompleteMultipartUploadToTerraform(struct?: CosBucketLifecycleRulesAbortIncompleteMultipartUploadOutputReference | CosBucketLifecycleRulesAbortIncompleteMultipartUpload): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    days_after_initiation: cdktn.numberToTerraform(struct!.daysAfterInitiation),
  }
}


export function cosBucketLifecycleRulesAbortIncompleteMultipartUploadToHclTerraform(struct?: CosBucketLifecycleRulesAbortIncompleteMultipartUploadOutputReference | CosBucketLifecycleRulesAbortIncompleteMultipartUpload): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    days_after_initiation: {
      value: cdktn.numberToHclTerraform(struct!.daysAfterInitiation),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CosBucketLifecycleRulesAbortIncompleteMultipartUploadOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): CosBucketLifecycleRulesAbortIncompleteMultipartUpload | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._daysAfterInitiation !== undefined) {
      hasAnyValues = true;
      internalValueResult.daysAfterInitiation = this._daysAfterInitiation;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CosBucketLifecycleRulesAbortIncompleteMultipartUpload | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._daysAfterInitiation = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._daysAfterInitiation = value.daysAfterInitiation;
    }
  }

  // days_after_initiation - computed: false, optional: false, required: true
  private _daysAfterInitiation?: number; 
  public get daysAfterInitiation() {
    return this.getNumberAttribute('days_after_initiation');
  }
  public set daysAfterInitiation(value: number) {
    this._daysAfterInitiation = value;
  }
  // Temporarily expose input value. Use with caution.
  public get daysAfterInitiationInput() {
    return this._daysAfterInitiation;
  }
}
export interface CosBucketLifecycleRulesExpiration {
  /**
  * Date from which objects expire.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#date CosBucket#date}
  */
  readonly date?: string;
  /**
  * Days after creation before expiry.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#days CosBucket#days}
  */
  readonly days?: number;
  /**
  * Remove delete markers of expired objects.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#delete_marker CosBucket#delete_marker}
  */
  readonly deleteMarker?: boolean | cdktn.IResolvable;
}

export function cosBucketLifecycleRulesExpirationToTerraform(struct?: CosBucketLifecycleRulesExpirationOutputReference | CosBucketLifecycleRulesExpiration): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    date: cdktn.stringToTerraform(struct!.date),
    days: cdktn.numberToTerraform(struct!.days),
    delete_marker: cdktn.booleanToTerraform(struct!.deleteMarker),
  }
}


export function cosBucketLifecycleRulesExpirationToHclTerraform(struct?: CosBucketLifecycleRulesExpirationOutputReference | CosBucketLifecycleRulesExpiration): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    date: {
      value: cdktn.stringToHclTerraform(struct!.date),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    days: {
      value: cdktn.numberToHclTerraform(struct!.days),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    delete_marker: {
      value: cdktn.booleanToHclTerraform(struct!.deleteMarker),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CosBucketLifecycleRulesExpirationOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): CosBucketLifecycleRulesExpiration | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._date !== undefined) {
      hasAnyValues = true;
      internalValueResult.date = this._date;
    }
    if (this._days !== undefined) {
      hasAnyValues = true;
      internalValueResult.days = this._days;
    }
    if (this._deleteMarker !== undefined) {
      hasAnyValues = true;
      internalValueResult.deleteMarker = this._deleteMarker;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CosBucketLifecycleRulesExpiration | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._date = undefined;
      this._days = undefined;
      this._deleteMarker = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._date = value.date;
      this._days = value.days;
      this._deleteMarker = value.deleteMarker;
    }
  }

  // date - computed: false, optional: true, required: false
  private _date?: string; 
  public get date() {
    return this.getStringAttribute('date');
  }
  public set date(value: string) {
    this._date = value;
  }
  public resetDate() {
    this._date = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get dateInput() {
    return this._date;
  }

  // days - computed: false, optional: true, required: false
  private _days?: number; 
  public get days() {
    return this.getNumberAttribute('days');
  }
  public set days(value: number) {
    this._days = value;
  }
  public resetDays() {
    this._days = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get daysInput() {
    return this._days;
  }

  // delete_marker - computed: false, optional: true, required: false
  private _deleteMarker?: boolean | cdktn.IResolvable; 
  public get deleteMarker() {
    return this.getBooleanAttribute('delete_marker');
  }
  public set deleteMarker(value: boolean | cdktn.IResolvable) {
    this._deleteMarker = value;
  }
  public resetDeleteMarker() {
    this._deleteMarker = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get deleteMarkerInput() {
    return this._deleteMarker;
  }
}
export interface CosBucketLifecycleRulesNonCurrentExpiration {
  /**
  * Days after becoming non-current (max 3650).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#non_current_days CosBucket#non_current_days}
  */
  readonly nonCurrentDays?: number;
}

export function cosBucketLifecycleRulesNonCurrentExpirationToTerraform(struct?: CosBucketLifecycleRulesNonCurrentExpirationOutputReference | CosBucketLifecycleRulesNonCurrentExpiration): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    non_current_days: cdktn.numberToTerraform(struct!.nonCurrentDays),
  }
}


export function cosBucketLifecycleRulesNonCurrentExpirationToHclTerraform(struct?: CosBucketLifecycleRulesNonCurrentExpirationOutputReference | CosBucketLifecycleRulesNonCurrentExpiration): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    non_current_days: {
      value: cdktn.numberToHclTerraform(struct!.nonCurrentDays),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CosBucketLifecycleRulesNonCurrentExpirationOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): CosBucketLifecycleRulesNonCurrentExpiration | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._nonCurrentDays !== undefined) {
      hasAnyValues = true;
      internalValueResult.nonCurrentDays = this._nonCurrentDays;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CosBucketLifecycleRulesNonCurrentExpiration | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._nonCurrentDays = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._nonCurrentDays = value.nonCurrentDays;
    }
  }

  // non_current_days - computed: false, optional: true, required: false
  private _nonCurrentDays?: number; 
  public get nonCurrentDays() {
    return this.getNumberAttribute('non_current_days');
  }
  public set nonCurrentDays(value: number) {
    this._nonCurrentDays = value;
  }
  public resetNonCurrentDays() {
    this._nonCurrentDays = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get nonCurrentDaysInput() {
    return this._nonCurrentDays;
  }
}
export interface CosBucketLifecycleRulesNonCurrentTransition {
  /**
  * Days after becoming non-current.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#non_current_days CosBucket#non_current_days}
  */
  readonly nonCurrentDays?: number;
  /**
  * Target storage class.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#storage_class CosBucket#storage_class}
  */
  readonly storageClass: string;
}

export function cosBucketLifecycleRulesNonCurrentTransitionToTerraform(struct?: CosBucketLifecycleRulesNonCurrentTransition | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    non_current_days: cdktn.numberToTerraform(struct!.nonCurrentDays),
    storage_class: cdktn.stringToTerraform(struct!.storageClass),
  }
}


export function cosBucketLifecycleRulesNonCurrentTransitionToHclTerraform(struct?: CosBucketLifecycleRulesNonCurrentTransition | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    non_current_days: {
      value: cdktn.numberToHclTerraform(struct!.nonCurrentDays),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    storage_class: {
      value: cdktn.stringToHclTerraform(struct!.storageClass),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CosBucketLifecycleRulesNonCurrentTransitionOutputReference extends cdktn.ComplexObject {
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

  public get internalValue(): CosBucketLifecycleRulesNonCurrentTransition | cdktn.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._nonCurrentDays !== undefined) {
      hasAnyValues = true;
      internalValueResult.nonCurrentDays = this._nonCurrentDays;
    }
    if (this._storageClass !== undefined) {
      hasAnyValues = true;
      internalValueResult.storageClass = this._storageClass;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CosBucketLifecycleRulesNonCurrentTransition | cdktn.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._nonCurrentDays = undefined;
      this._storageClass = undefined;
    }
    else if (cdktn.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._nonCurrentDays = value.nonCurrentDays;
      this._storageClass = value.storageClass;
    }
  }

  // non_current_days - computed: false, optional: true, required: false
  private _nonCurrentDays?: number; 
  public get nonCurrentDays() {
    return this.getNumberAttribute('non_current_days');
  }
  public set nonCurrentDays(value: number) {
    this._nonCurrentDays = value;
  }
  public resetNonCurrentDays() {
    this._nonCurrentDays = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get nonCurrentDaysInput() {
    return this._nonCurrentDays;
  }

  // storage_class - computed: false, optional: false, required: true
  private _storageClass?: string; 
  public get storageClass() {
    return this.getStringAttribute('storage_class');
  }
  public set storageClass(value: string) {
    this._storageClass = value;
  }
  // Temporarily expose input value. Use with caution.
  public get storageClassInput() {
    return this._storageClass;
  }
}

export class CosBucketLifecycleRulesNonCurrentTransitionList extends cdktn.ComplexList {
  public internalValue? : CosBucketLifecycleRulesNonCurrentTransition[] | cdktn.IResolvable

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
  public get(index: number): CosBucketLifecycleRulesNonCurrentTransitionOutputReference {
    return new CosBucketLifecycleRulesNonCurrentTransitionOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface CosBucketLifecycleRulesTransition {
  /**
  * Date from which the transition applies.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#date CosBucket#date}
  */
  readonly date?: string;
  /**
  * Days after creation before the transition.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#days CosBucket#days}
  */
  readonly days?: number;
  /**
  * Target storage class, e.g. STANDARD_IA or ARCHIVE.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#storage_class CosBucket#storage_class}
  */
  readonly storageClass: string;
}

export function cosBucketLifecycleRulesTransitionToTerraform(struct?: CosBucketLifecycleRulesTransition | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    date: cdktn.stringToTerraform(struct!.date),
    days: cdktn.numberToTerraform(struct!.days),
    storage_class: cdktn.stringToTerraform(struct!.storageClass),
  }
}


export function cosBucketLifecycleRulesTransitionToHclTerraform(struct?: CosBucketLifecycleRulesTransition | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    date: {
      value: cdktn.stringToHclTerraform(struct!.date),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    days: {
      value: cdktn.numberToHclTerraform(struct!.days),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    storage_class: {
      value: cdktn.stringToHclTerraform(struct!.storageClass),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CosBucketLifecycleRulesTransitionOutputReference extends cdktn.ComplexObject {
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

  public get internalValue(): CosBucketLifecycleRulesTransition | cdktn.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._date !== undefined) {
      hasAnyValues = true;
      internalValueResult.date = this._date;
    }
    if (this._days !== undefined) {
      hasAnyValues = true;
      internalValueResult.days = this._days;
    }
    if (this._storageClass !== undefined) {
      hasAnyValues = true;
      internalValueResult.storageClass = this._storageClass;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CosBucketLifecycleRulesTransition | cdktn.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._date = undefined;
      this._days = undefined;
      this._storageClass = undefined;
    }
    else if (cdktn.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._date = value.date;
      this._days = value.days;
      this._storageClass = value.storageClass;
    }
  }

  // date - computed: false, optional: true, required: false
  private _date?: string; 
  public get date() {
    return this.getStringAttribute('date');
  }
  public set date(value: string) {
    this._date = value;
  }
  public resetDate() {
    this._date = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get dateInput() {
    return this._date;
  }

  // days - computed: false, optional: true, required: false
  private _days?: number; 
  public get days() {
    return this.getNumberAttribute('days');
  }
  public set days(value: number) {
    this._days = value;
  }
  public resetDays() {
    this._days = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get daysInput() {
    return this._days;
  }

  // storage_class - computed: false, optional: false, required: true
  private _storageClass?: string; 
  public get storageClass() {
    return this.getStringAttribute('storage_class');
  }
  public set storageClass(value: string) {
    this._storageClass = value;
  }
  // Temporarily expose input value. Use with caution.
  public get storageClassInput() {
    return this._storageClass;
  }
}

export class CosBucketLifecycleRulesTransitionList extends cdktn.ComplexList {
  public internalValue? : CosBucketLifecycleRulesTransition[] | cdktn.IResolvable

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
  public get(index: number): CosBucketLifecycleRulesTransitionOutputReference {
    return new CosBucketLifecycleRulesTransitionOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface CosBucketLifecycleRules {
  /**
  * Key prefix the rule applies to.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#filter_prefix CosBucket#filter_prefix}
  */
  readonly filterPrefix?: string;
  /**
  * Rule ID, up to 255 chars.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#id CosBucket#id}
  *
  * Please be aware that the id field is automatically added to all resources in Terraform providers using a Terraform provider SDK version below 2.
  * If you experience problems setting this value it might not be settable. Please take a look at the provider documentation to ensure it should be settable.
  */
  readonly id?: string;
  /**
  * abort_incomplete_multipart_upload block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#abort_incomplete_multipart_upload CosBucket#abort_incomplete_multipart_upload}
  */
  readonly abortIncompleteMultipartUpload?: CosBucketLifecycleRulesAbortIncompleteMultipartUpload;
  /**
  * expiration block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#expiration CosBucket#expiration}
  */
  readonly expiration?: CosBucketLifecycleRulesExpiration;
  /**
  * non_current_expiration block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#non_current_expiration CosBucket#non_current_expiration}
  */
  readonly nonCurrentExpiration?: CosBucketLifecycleRulesNonCurrentExpiration;
  /**
  * non_current_transition block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#non_current_transition CosBucket#non_current_transition}
  */
  readonly nonCurrentTransition?: CosBucketLifecycleRulesNonCurrentTransition[] | cdktn.IResolvable;
  /**
  * transition block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#transition CosBucket#transition}
  */
  readonly transition?: CosBucketLifecycleRulesTransition[] | cdktn.IResolvable;
}

export function cosBucketLifecycleRulesToTerraform(struct?: CosBucketLifecycleRules | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    filter_prefix: cdktn.stringToTerraform(struct!.filterPrefix),
    id: cdktn.stringToTerraform(struct!.id),
    abort_incomplete_multipart_upload: cosBucketLifecycleRulesAbortIncompleteMultipartUploadToTerraform(struct!.abortIncompleteMultipartUpload),
    expiration: cosBucketLifecycleRulesExpirationToTerraform(struct!.expiration),
    non_current_expiration: cosBucketLifecycleRulesNonCurrentExpirationToTerraform(struct!.nonCurrentExpiration),
    non_current_transition: cdktn.listMapper(cosBucketLifecycleRulesNonCurrentTransitionToTerraform, true)(struct!.nonCurrentTransition),
    transition: cdktn.listMapper(cosBucketLifecycleRulesTransitionToTerraform, true)(struct!.transition),
  }
}


export function cosBucketLifecycleRulesToHclTerraform(struct?: CosBucketLifecycleRules | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    filter_prefix: {
      value: cdktn.stringToHclTerraform(struct!.filterPrefix),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    id: {
      value: cdktn.stringToHclTerraform(struct!.id),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    abort_incomplete_multipart_upload: {
      value: cosBucketLifecycleRulesAbortIncompleteMultipartUploadToHclTerraform(struct!.abortIncompleteMultipartUpload),
      isBlock: true,
      type: "set",
      storageClassType: "CosBucketLifecycleRulesAbortIncompleteMultipartUploadList",
    },
    expiration: {
      value: cosBucketLifecycleRulesExpirationToHclTerraform(struct!.expiration),
      isBlock: true,
      type: "set",
      storageClassType: "CosBucketLifecycleRulesExpirationList",
    },
    non_current_expiration: {
      value: cosBucketLifecycleRulesNonCurrentExpirationToHclTerraform(struct!.nonCurrentExpiration),
      isBlock: true,
      type: "set",
      storageClassType: "CosBucketLifecycleRulesNonCurrentExpirationList",
    },
    non_current_transition: {
      value: cdktn.listMapperHcl(cosBucketLifecycleRulesNonCurrentTransitionToHclTerraform, true)(struct!.nonCurrentTransition),
      isBlock: true,
      type: "set",
      storageClassType: "CosBucketLifecycleRulesNonCurrentTransitionList",
    },
    transition: {
      value: cdktn.listMapperHcl(cosBucketLifecycleRulesTransitionToHclTerraform, true)(struct!.transition),
      isBlock: true,
      type: "set",
      storageClassType: "CosBucketLifecycleRulesTransitionList",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CosBucketLifecycleRulesOutputReference extends cdktn.ComplexObject {
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

  public get internalValue(): CosBucketLifecycleRules | cdktn.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._filterPrefix !== undefined) {
      hasAnyValues = true;
      internalValueResult.filterPrefix = this._filterPrefix;
    }
    if (this._id !== undefined) {
      hasAnyValues = true;
      internalValueResult.id = this._id;
    }
    if (this._abortIncompleteMultipartUpload?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.abortIncompleteMultipartUpload = this._abortIncompleteMultipartUpload?.internalValue;
    }
    if (this._expiration?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.expiration = this._expiration?.internalValue;
    }
    if (this._nonCurrentExpiration?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.nonCurrentExpiration = this._nonCurrentExpiration?.internalValue;
    }
    if (this._nonCurrentTransition?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.nonCurrentTransition = this._nonCurrentTransition?.internalValue;
    }
    if (this._transition?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.transition = this._transition?.internalValue;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CosBucketLifecycleRules | cdktn.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._filterPrefix = undefined;
      this._id = undefined;
      this._abortIncompleteMultipartUpload.internalValue = undefined;
      this._expiration.internalValue = undefined;
      this._nonCurrentExpiration.internalValue = undefined;
      this._nonCurrentTransition.internalValue = undefined;
      this._transition.internalValue = undefined;
    }
    else if (cdktn.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._filterPrefix = value.filterPrefix;
      this._id = value.id;
      this._abortIncompleteMultipartUpload.internalValue = value.abortIncompleteMultipartUpload;
      this._expiration.internalValue = value.expiration;
      this._nonCurrentExpiration.internalValue = value.nonCurrentExpiration;
      this._nonCurrentTransition.internalValue = value.nonCurrentTransition;
      this._transition.internalValue = value.transition;
    }
  }

  // filter_prefix - computed: false, optional: true, required: false
  private _filterPrefix?: string; 
  public get filterPrefix() {
    return this.getStringAttribute('filter_prefix');
  }
  public set filterPrefix(value: string) {
    this._filterPrefix = value;
  }
  public resetFilterPrefix() {
    this._filterPrefix = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get filterPrefixInput() {
    return this._filterPrefix;
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

  // abort_incomplete_multipart_upload - computed: false, optional: true, required: false
  private _abortIncompleteMultipartUpload = new CosBucketLifecycleRulesAbortIncompleteMultipartUploadOutputReference(this, "abort_incomplete_multipart_upload");
  public get abortIncompleteMultipartUpload() {
    return this._abortIncompleteMultipartUpload;
  }
  public putAbortIncompleteMultipartUpload(value: CosBucketLifecycleRulesAbortIncompleteMultipartUpload) {
    this._abortIncompleteMultipartUpload.internalValue = value;
  }
  public resetAbortIncompleteMultipartUpload() {
    this._abortIncompleteMultipartUpload.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get abortIncompleteMultipartUploadInput() {
    return this._abortIncompleteMultipartUpload.internalValue;
  }

  // expiration - computed: false, optional: true, required: false
  private _expiration = new CosBucketLifecycleRulesExpirationOutputReference(this, "expiration");
  public get expiration() {
    return this._expiration;
  }
  public putExpiration(value: CosBucketLifecycleRulesExpiration) {
    this._expiration.internalValue = value;
  }
  public resetExpiration() {
    this._expiration.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get expirationInput() {
    return this._expiration.internalValue;
  }

  // non_current_expiration - computed: false, optional: true, required: false
  private _nonCurrentExpiration = new CosBucketLifecycleRulesNonCurrentExpirationOutputReference(this, "non_current_expiration");
  public get nonCurrentExpiration() {
    return this._nonCurrentExpiration;
  }
  public putNonCurrentExpiration(value: CosBucketLifecycleRulesNonCurrentExpiration) {
    this._nonCurrentExpiration.internalValue = value;
  }
  public resetNonCurrentExpiration() {
    this._nonCurrentExpiration.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get nonCurrentExpirationInput() {
    return this._nonCurrentExpiration.internalValue;
  }

  // non_current_transition - computed: false, optional: true, required: false
  private _nonCurrentTransition = new CosBucketLifecycleRulesNonCurrentTransitionList(this, "non_current_transition", true);
  public get nonCurrentTransition() {
    return this._nonCurrentTransition;
  }
  public putNonCurrentTransition(value: CosBucketLifecycleRulesNonCurrentTransition[] | cdktn.IResolvable) {
    this._nonCurrentTransition.internalValue = value;
  }
  public resetNonCurrentTransition() {
    this._nonCurrentTransition.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get nonCurrentTransitionInput() {
    return this._nonCurrentTransition.internalValue;
  }

  // transition - computed: false, optional: true, required: false
  private _transition = new CosBucketLifecycleRulesTransitionList(this, "transition", true);
  public get transition() {
    return this._transition;
  }
  public putTransition(value: CosBucketLifecycleRulesTransition[] | cdktn.IResolvable) {
    this._transition.internalValue = value;
  }
  public resetTransition() {
    this._transition.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get transitionInput() {
    return this._transition.internalValue;
  }
}

export class CosBucketLifecycleRulesList extends cdktn.ComplexList {
  public internalValue? : CosBucketLifecycleRules[] | cdktn.IResolvable

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
  public get(index: number): CosBucketLifecycleRulesOutputReference {
    return new CosBucketLifecycleRulesOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface CosBucketObjectLockConfigurationRule {
  /**
  * Retention in days, 1-36500.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#days CosBucket#days}
  */
  readonly days: number;
}

export function cosBucketObjectLockConfigurationRuleToTerraform(struct?: CosBucketObjectLockConfigurationRuleOutputReference | CosBucketObjectLockConfigurationRule): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    days: cdktn.numberToTerraform(struct!.days),
  }
}


export function cosBucketObjectLockConfigurationRuleToHclTerraform(struct?: CosBucketObjectLockConfigurationRuleOutputReference | CosBucketObjectLockConfigurationRule): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    days: {
      value: cdktn.numberToHclTerraform(struct!.days),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CosBucketObjectLockConfigurationRuleOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): CosBucketObjectLockConfigurationRule | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._days !== undefined) {
      hasAnyValues = true;
      internalValueResult.days = this._days;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CosBucketObjectLockConfigurationRule | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._days = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._days = value.days;
    }
  }

  // days - computed: false, optional: false, required: true
  private _days?: number; 
  public get days() {
    return this.getNumberAttribute('days');
  }
  public set days(value: number) {
    this._days = value;
  }
  // Temporarily expose input value. Use with caution.
  public get daysInput() {
    return this._days;
  }
}
export interface CosBucketObjectLockConfiguration {
  /**
  * Turn on object lock.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#enabled CosBucket#enabled}
  */
  readonly enabled: boolean | cdktn.IResolvable;
  /**
  * rule block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#rule CosBucket#rule}
  */
  readonly rule?: CosBucketObjectLockConfigurationRule;
}

export function cosBucketObjectLockConfigurationToTerraform(struct?: CosBucketObjectLockConfigurationOutputReference | CosBucketObjectLockConfiguration): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    enabled: cdktn.booleanToTerraform(struct!.enabled),
    rule: cosBucketObjectLockConfigurationRuleToTerraform(struct!.rule),
  }
}


export function cosBucketObjectLockConfigurationToHclTerraform(struct?: CosBucketObjectLockConfigurationOutputReference | CosBucketObjectLockConfiguration): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    enabled: {
      value: cdktn.booleanToHclTerraform(struct!.enabled),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    rule: {
      value: cosBucketObjectLockConfigurationRuleToHclTerraform(struct!.rule),
      isBlock: true,
      type: "list",
      storageClassType: "CosBucketObjectLockConfigurationRuleList",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CosBucketObjectLockConfigurationOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): CosBucketObjectLockConfiguration | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._enabled !== undefined) {
      hasAnyValues = true;
      internalValueResult.enabled = this._enabled;
    }
    if (this._rule?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.rule = this._rule?.internalValue;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CosBucketObjectLockConfiguration | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._enabled = undefined;
      this._rule.internalValue = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._enabled = value.enabled;
      this._rule.internalValue = value.rule;
    }
  }

  // enabled - computed: false, optional: false, required: true
  private _enabled?: boolean | cdktn.IResolvable; 
  public get enabled() {
    return this.getBooleanAttribute('enabled');
  }
  public set enabled(value: boolean | cdktn.IResolvable) {
    this._enabled = value;
  }
  // Temporarily expose input value. Use with caution.
  public get enabledInput() {
    return this._enabled;
  }

  // rule - computed: false, optional: true, required: false
  private _rule = new CosBucketObjectLockConfigurationRuleOutputReference(this, "rule");
  public get rule() {
    return this._rule;
  }
  public putRule(value: CosBucketObjectLockConfigurationRule) {
    this._rule.internalValue = value;
  }
  public resetRule() {
    this._rule.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get ruleInput() {
    return this._rule.internalValue;
  }
}
export interface CosBucketOriginDomainRules {
  /**
  * Domain name.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#domain CosBucket#domain}
  */
  readonly domain: string;
  /**
  * Domain state (default ENABLED).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#status CosBucket#status}
  */
  readonly status?: string;
  /**
  * REST (default), WEBSITE or ACCELERATE.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#type CosBucket#type}
  */
  readonly type?: string;
}

export function cosBucketOriginDomainRulesToTerraform(struct?: CosBucketOriginDomainRules | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    domain: cdktn.stringToTerraform(struct!.domain),
    status: cdktn.stringToTerraform(struct!.status),
    type: cdktn.stringToTerraform(struct!.type),
  }
}


export function cosBucketOriginDomainRulesToHclTerraform(struct?: CosBucketOriginDomainRules | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    domain: {
      value: cdktn.stringToHclTerraform(struct!.domain),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    status: {
      value: cdktn.stringToHclTerraform(struct!.status),
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
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CosBucketOriginDomainRulesOutputReference extends cdktn.ComplexObject {
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

  public get internalValue(): CosBucketOriginDomainRules | cdktn.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._domain !== undefined) {
      hasAnyValues = true;
      internalValueResult.domain = this._domain;
    }
    if (this._status !== undefined) {
      hasAnyValues = true;
      internalValueResult.status = this._status;
    }
    if (this._type !== undefined) {
      hasAnyValues = true;
      internalValueResult.type = this._type;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CosBucketOriginDomainRules | cdktn.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._domain = undefined;
      this._status = undefined;
      this._type = undefined;
    }
    else if (cdktn.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._domain = value.domain;
      this._status = value.status;
      this._type = value.type;
    }
  }

  // domain - computed: false, optional: false, required: true
  private _domain?: string; 
  public get domain() {
    return this.getStringAttribute('domain');
  }
  public set domain(value: string) {
    this._domain = value;
  }
  // Temporarily expose input value. Use with caution.
  public get domainInput() {
    return this._domain;
  }

  // status - computed: false, optional: true, required: false
  private _status?: string; 
  public get status() {
    return this.getStringAttribute('status');
  }
  public set status(value: string) {
    this._status = value;
  }
  public resetStatus() {
    this._status = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get statusInput() {
    return this._status;
  }

  // type - computed: false, optional: true, required: false
  private _type?: string; 
  public get type() {
    return this.getStringAttribute('type');
  }
  public set type(value: string) {
    this._type = value;
  }
  public resetType() {
    this._type = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get typeInput() {
    return this._type;
  }
}

export class CosBucketOriginDomainRulesList extends cdktn.ComplexList {
  public internalValue? : CosBucketOriginDomainRules[] | cdktn.IResolvable

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
  public get(index: number): CosBucketOriginDomainRulesOutputReference {
    return new CosBucketOriginDomainRulesOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface CosBucketOriginPullRules {
  /**
  * Proxy, Mirror or Redirect.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#back_to_source_mode CosBucket#back_to_source_mode}
  */
  readonly backToSourceMode?: string;
  /**
  * Extra headers sent to the origin.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#custom_http_headers CosBucket#custom_http_headers}
  */
  readonly customHttpHeaders?: { [key: string]: string };
  /**
  * Headers forwarded to the origin.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#follow_http_headers CosBucket#follow_http_headers}
  */
  readonly followHttpHeaders?: string[];
  /**
  * Forward the query string to the origin.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#follow_query_string CosBucket#follow_query_string}
  */
  readonly followQueryString?: boolean | cdktn.IResolvable;
  /**
  * Follow 3XX answers from the origin.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#follow_redirection CosBucket#follow_redirection}
  */
  readonly followRedirection?: boolean | cdktn.IResolvable;
  /**
  * Origin host or IP, optional port.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#host CosBucket#host}
  */
  readonly host: string;
  /**
  * Redirect status code (default 302).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#http_redirect_code CosBucket#http_redirect_code}
  */
  readonly httpRedirectCode?: string;
  /**
  * Key prefix that triggers the rule.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#prefix CosBucket#prefix}
  */
  readonly prefix?: string;
  /**
  * Rule priority; must be unique.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#priority CosBucket#priority}
  */
  readonly priority: number;
  /**
  * Scheme to the origin: HTTP, HTTPS or FOLLOW.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#protocol CosBucket#protocol}
  */
  readonly protocol?: string;
  /**
  * Legacy switch; use back_to_source_mode.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#sync_back_to_source CosBucket#sync_back_to_source}
  */
  readonly syncBackToSource?: boolean | cdktn.IResolvable;
}

export function cosBucketOriginPullRulesToTerraform(struct?: CosBucketOriginPullRules | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    back_to_source_mode: cdktn.stringToTerraform(struct!.backToSourceMode),
    custom_http_headers: cdktn.hashMapper(cdktn.stringToTerraform)(struct!.customHttpHeaders),
    follow_http_headers: cdktn.listMapper(cdktn.stringToTerraform, false)(struct!.followHttpHeaders),
    follow_query_string: cdktn.booleanToTerraform(struct!.followQueryString),
    follow_redirection: cdktn.booleanToTerraform(struct!.followRedirection),
    host: cdktn.stringToTerraform(struct!.host),
    http_redirect_code: cdktn.stringToTerraform(struct!.httpRedirectCode),
    prefix: cdktn.stringToTerraform(struct!.prefix),
    priority: cdktn.numberToTerraform(struct!.priority),
    protocol: cdktn.stringToTerraform(struct!.protocol),
    sync_back_to_source: cdktn.booleanToTerraform(struct!.syncBackToSource),
  }
}


export function cosBucketOriginPullRulesToHclTerraform(struct?: CosBucketOriginPullRules | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    back_to_source_mode: {
      value: cdktn.stringToHclTerraform(struct!.backToSourceMode),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    custom_http_headers: {
      value: cdktn.hashMapperHcl(cdktn.stringToHclTerraform)(struct!.customHttpHeaders),
      isBlock: false,
      type: "map",
      storageClassType: "stringMap",
    },
    follow_http_headers: {
      value: cdktn.listMapperHcl(cdktn.stringToHclTerraform, false)(struct!.followHttpHeaders),
      isBlock: false,
      type: "set",
      storageClassType: "stringList",
    },
    follow_query_string: {
      value: cdktn.booleanToHclTerraform(struct!.followQueryString),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    follow_redirection: {
      value: cdktn.booleanToHclTerraform(struct!.followRedirection),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    host: {
      value: cdktn.stringToHclTerraform(struct!.host),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    http_redirect_code: {
      value: cdktn.stringToHclTerraform(struct!.httpRedirectCode),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    prefix: {
      value: cdktn.stringToHclTerraform(struct!.prefix),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    priority: {
      value: cdktn.numberToHclTerraform(struct!.priority),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    protocol: {
      value: cdktn.stringToHclTerraform(struct!.protocol),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    sync_back_to_source: {
      value: cdktn.booleanToHclTerraform(struct!.syncBackToSource),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CosBucketOriginPullRulesOutputReference extends cdktn.ComplexObject {
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

  public get internalValue(): CosBucketOriginPullRules | cdktn.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._backToSourceMode !== undefined) {
      hasAnyValues = true;
      internalValueResult.backToSourceMode = this._backToSourceMode;
    }
    if (this._customHttpHeaders !== undefined) {
      hasAnyValues = true;
      internalValueResult.customHttpHeaders = this._customHttpHeaders;
    }
    if (this._followHttpHeaders !== undefined) {
      hasAnyValues = true;
      internalValueResult.followHttpHeaders = this._followHttpHeaders;
    }
    if (this._followQueryString !== undefined) {
      hasAnyValues = true;
      internalValueResult.followQueryString = this._followQueryString;
    }
    if (this._followRedirection !== undefined) {
      hasAnyValues = true;
      internalValueResult.followRedirection = this._followRedirection;
    }
    if (this._host !== undefined) {
      hasAnyValues = true;
      internalValueResult.host = this._host;
    }
    if (this._httpRedirectCode !== undefined) {
      hasAnyValues = true;
      internalValueResult.httpRedirectCode = this._httpRedirectCode;
    }
    if (this._prefix !== undefined) {
      hasAnyValues = true;
      internalValueResult.prefix = this._prefix;
    }
    if (this._priority !== undefined) {
      hasAnyValues = true;
      internalValueResult.priority = this._priority;
    }
    if (this._protocol !== undefined) {
      hasAnyValues = true;
      internalValueResult.protocol = this._protocol;
    }
    if (this._syncBackToSource !== undefined) {
      hasAnyValues = true;
      internalValueResult.syncBackToSource = this._syncBackToSource;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CosBucketOriginPullRules | cdktn.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._backToSourceMode = undefined;
      this._customHttpHeaders = undefined;
      this._followHttpHeaders = undefined;
      this._followQueryString = undefined;
      this._followRedirection = undefined;
      this._host = undefined;
      this._httpRedirectCode = undefined;
      this._prefix = undefined;
      this._priority = undefined;
      this._protocol = undefined;
      this._syncBackToSource = undefined;
    }
    else if (cdktn.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._backToSourceMode = value.backToSourceMode;
      this._customHttpHeaders = value.customHttpHeaders;
      this._followHttpHeaders = value.followHttpHeaders;
      this._followQueryString = value.followQueryString;
      this._followRedirection = value.followRedirection;
      this._host = value.host;
      this._httpRedirectCode = value.httpRedirectCode;
      this._prefix = value.prefix;
      this._priority = value.priority;
      this._protocol = value.protocol;
      this._syncBackToSource = value.syncBackToSource;
    }
  }

  // back_to_source_mode - computed: true, optional: true, required: false
  private _backToSourceMode?: string; 
  public get backToSourceMode() {
    return this.getStringAttribute('back_to_source_mode');
  }
  public set backToSourceMode(value: string) {
    this._backToSourceMode = value;
  }
  public resetBackToSourceMode() {
    this._backToSourceMode = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get backToSourceModeInput() {
    return this._backToSourceMode;
  }

  // custom_http_headers - computed: false, optional: true, required: false
  private _customHttpHeaders?: { [key: string]: string }; 
  public get customHttpHeaders() {
    return this.getStringMapAttribute('custom_http_headers');
  }
  public set customHttpHeaders(value: { [key: string]: string }) {
    this._customHttpHeaders = value;
  }
  public resetCustomHttpHeaders() {
    this._customHttpHeaders = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get customHttpHeadersInput() {
    return this._customHttpHeaders;
  }

  // follow_http_headers - computed: false, optional: true, required: false
  private _followHttpHeaders?: string[]; 
  public get followHttpHeaders() {
    return cdktn.Fn.tolist(this.getListAttribute('follow_http_headers'));
  }
  public set followHttpHeaders(value: string[]) {
    this._followHttpHeaders = value;
  }
  public resetFollowHttpHeaders() {
    this._followHttpHeaders = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get followHttpHeadersInput() {
    return this._followHttpHeaders;
  }

  // follow_query_string - computed: false, optional: true, required: false
  private _followQueryString?: boolean | cdktn.IResolvable; 
  public get followQueryString() {
    return this.getBooleanAttribute('follow_query_string');
  }
  public set followQueryString(value: boolean | cdktn.IResolvable) {
    this._followQueryString = value;
  }
  public resetFollowQueryString() {
    this._followQueryString = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get followQueryStringInput() {
    return this._followQueryString;
  }

  // follow_redirection - computed: false, optional: true, required: false
  private _followRedirection?: boolean | cdktn.IResolvable; 
  public get followRedirection() {
    return this.getBooleanAttribute('follow_redirection');
  }
  public set followRedirection(value: boolean | cdktn.IResolvable) {
    this._followRedirection = value;
  }
  public resetFollowRedirection() {
    this._followRedirection = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get followRedirectionInput() {
    return this._followRedirection;
  }

  // host - computed: false, optional: false, required: true
  private _host?: string; 
  public get host() {
    return this.getStringAttribute('host');
  }
  public set host(value: string) {
    this._host = value;
  }
  // Temporarily expose input value. Use with caution.
  public get hostInput() {
    return this._host;
  }

  // http_redirect_code - computed: true, optional: true, required: false
  private _httpRedirectCode?: string; 
  public get httpRedirectCode() {
    return this.getStringAttribute('http_redirect_code');
  }
  public set httpRedirectCode(value: string) {
    this._httpRedirectCode = value;
  }
  public resetHttpRedirectCode() {
    this._httpRedirectCode = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get httpRedirectCodeInput() {
    return this._httpRedirectCode;
  }

  // prefix - computed: false, optional: true, required: false
  private _prefix?: string; 
  public get prefix() {
    return this.getStringAttribute('prefix');
  }
  public set prefix(value: string) {
    this._prefix = value;
  }
  public resetPrefix() {
    this._prefix = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get prefixInput() {
    return this._prefix;
  }

  // priority - computed: false, optional: false, required: true
  private _priority?: number; 
  public get priority() {
    return this.getNumberAttribute('priority');
  }
  public set priority(value: number) {
    this._priority = value;
  }
  // Temporarily expose input value. Use with caution.
  public get priorityInput() {
    return this._priority;
  }

  // protocol - computed: false, optional: true, required: false
  private _protocol?: string; 
  public get protocol() {
    return this.getStringAttribute('protocol');
  }
  public set protocol(value: string) {
    this._protocol = value;
  }
  public resetProtocol() {
    this._protocol = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get protocolInput() {
    return this._protocol;
  }

  // sync_back_to_source - computed: true, optional: true, required: false
  private _syncBackToSource?: boolean | cdktn.IResolvable; 
  public get syncBackToSource() {
    return this.getBooleanAttribute('sync_back_to_source');
  }
  public set syncBackToSource(value: boolean | cdktn.IResolvable) {
    this._syncBackToSource = value;
  }
  public resetSyncBackToSource() {
    this._syncBackToSource = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get syncBackToSourceInput() {
    return this._syncBackToSource;
  }
}

export class CosBucketOriginPullRulesList extends cdktn.ComplexList {
  public internalValue? : CosBucketOriginPullRules[] | cdktn.IResolvable

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
  public get(index: number): CosBucketOriginPullRulesOutputReference {
    return new CosBucketOriginPullRulesOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface CosBucketReplicaRulesDeleteMarkerReplication {
  /**
  * Enabled or Disabled.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#status CosBucket#status}
  */
  readonly status?: string;
}

export function cosBucketReplicaRulesDeleteMarkerReplicationToTerraform(struct?: CosBucketReplicaRulesDeleteMarkerReplicationOutputReference | CosBucketReplicaRulesDeleteMarkerReplication): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    status: cdktn.stringToTerraform(struct!.status),
  }
}


export function cosBucketReplicaRulesDeleteMarkerReplicationToHclTerraform(struct?: CosBucketReplicaRulesDeleteMarkerReplicationOutputReference | CosBucketReplicaRulesDeleteMarkerReplication): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    status: {
      value: cdktn.stringToHclTerraform(struct!.status),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CosBucketReplicaRulesDeleteMarkerReplicationOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): CosBucketReplicaRulesDeleteMarkerReplication | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._status !== undefined) {
      hasAnyValues = true;
      internalValueResult.status = this._status;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CosBucketReplicaRulesDeleteMarkerReplication | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._status = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._status = value.status;
    }
  }

  // status - computed: false, optional: true, required: false
  private _status?: string; 
  public get status() {
    return this.getStringAttribute('status');
  }
  public set status(value: string) {
    this._status = value;
  }
  public resetStatus() {
    this._status = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get statusInput() {
    return this._status;
  }
}
export interface CosBucketReplicaRulesFilterAndTag {
  /**
  * Tag key.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#key CosBucket#key}
  */
  readonly key: string;
  /**
  * Tag value.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#value CosBucket#value}
  */
  readonly value: string;
}

export function cosBucketReplicaRulesFilterAndTagToTerraform(struct?: CosBucketReplicaRulesFilterAndTag | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    key: cdktn.stringToTerraform(struct!.key),
    value: cdktn.stringToTerraform(struct!.value),
  }
}


export function cosBucketReplicaRulesFilterAndTagToHclTerraform(struct?: CosBucketReplicaRulesFilterAndTag | cdktn.IResolvable): any {
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

export class CosBucketReplicaRulesFilterAndTagOutputReference extends cdktn.ComplexObject {
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

  public get internalValue(): CosBucketReplicaRulesFilterAndTag | cdktn.IResolvable | undefined {
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

  public set internalValue(value: CosBucketReplicaRulesFilterAndTag | cdktn.IResolvable | undefined) {
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

export class CosBucketReplicaRulesFilterAndTagList extends cdktn.ComplexList {
  public internalValue? : CosBucketReplicaRulesFilterAndTag[] | cdktn.IResolvable

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
  public get(index: number): CosBucketReplicaRulesFilterAndTagOutputReference {
    return new CosBucketReplicaRulesFilterAndTagOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface CosBucketReplicaRulesFilterAnd {
  /**
  * Key prefix.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#prefix CosBucket#prefix}
  */
  readonly prefix?: string;
  /**
  * tag block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#tag CosBucket#tag}
  */
  readonly tag?: CosBucketReplicaRulesFilterAndTag[] | cdktn.IResolvable;
}

export function cosBucketReplicaRulesFilterAndToTerraform(struct?: CosBucketReplicaRulesFilterAndOutputReference | CosBucketReplicaRulesFilterAnd): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    prefix: cdktn.stringToTerraform(struct!.prefix),
    tag: cdktn.listMapper(cosBucketReplicaRulesFilterAndTagToTerraform, true)(struct!.tag),
  }
}


export function cosBucketReplicaRulesFilterAndToHclTerraform(struct?: CosBucketReplicaRulesFilterAndOutputReference | CosBucketReplicaRulesFilterAnd): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    prefix: {
      value: cdktn.stringToHclTerraform(struct!.prefix),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    tag: {
      value: cdktn.listMapperHcl(cosBucketReplicaRulesFilterAndTagToHclTerraform, true)(struct!.tag),
      isBlock: true,
      type: "list",
      storageClassType: "CosBucketReplicaRulesFilterAndTagList",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CosBucketReplicaRulesFilterAndOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): CosBucketReplicaRulesFilterAnd | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._prefix !== undefined) {
      hasAnyValues = true;
      internalValueResult.prefix = this._prefix;
    }
    if (this._tag?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.tag = this._tag?.internalValue;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CosBucketReplicaRulesFilterAnd | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._prefix = undefined;
      this._tag.internalValue = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._prefix = value.prefix;
      this._tag.internalValue = value.tag;
    }
  }

  // prefix - computed: true, optional: true, required: false
  private _prefix?: string; 
  public get prefix() {
    return this.getStringAttribute('prefix');
  }
  public set prefix(value: string) {
    this._prefix = value;
  }
  public resetPrefix() {
    this._prefix = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get prefixInput() {
    return this._prefix;
  }

  // tag - computed: false, optional: true, required: false
  private _tag = new CosBucketReplicaRulesFilterAndTagList(this, "tag", false);
  public get tag() {
    return this._tag;
  }
  public putTag(value: CosBucketReplicaRulesFilterAndTag[] | cdktn.IResolvable) {
    this._tag.internalValue = value;
  }
  public resetTag() {
    this._tag.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get tagInput() {
    return this._tag.internalValue;
  }
}
export interface CosBucketReplicaRulesFilter {
  /**
  * Key prefix.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#prefix CosBucket#prefix}
  */
  readonly prefix?: string;
  /**
  * and block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#and CosBucket#and}
  */
  readonly and?: CosBucketReplicaRulesFilterAnd;
}

export function cosBucketReplicaRulesFilterToTerraform(struct?: CosBucketReplicaRulesFilterOutputReference | CosBucketReplicaRulesFilter): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    prefix: cdktn.stringToTerraform(struct!.prefix),
    and: cosBucketReplicaRulesFilterAndToTerraform(struct!.and),
  }
}


export function cosBucketReplicaRulesFilterToHclTerraform(struct?: CosBucketReplicaRulesFilterOutputReference | CosBucketReplicaRulesFilter): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    prefix: {
      value: cdktn.stringToHclTerraform(struct!.prefix),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    and: {
      value: cosBucketReplicaRulesFilterAndToHclTerraform(struct!.and),
      isBlock: true,
      type: "list",
      storageClassType: "CosBucketReplicaRulesFilterAndList",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CosBucketReplicaRulesFilterOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): CosBucketReplicaRulesFilter | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._prefix !== undefined) {
      hasAnyValues = true;
      internalValueResult.prefix = this._prefix;
    }
    if (this._and?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.and = this._and?.internalValue;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CosBucketReplicaRulesFilter | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._prefix = undefined;
      this._and.internalValue = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._prefix = value.prefix;
      this._and.internalValue = value.and;
    }
  }

  // prefix - computed: true, optional: true, required: false
  private _prefix?: string; 
  public get prefix() {
    return this.getStringAttribute('prefix');
  }
  public set prefix(value: string) {
    this._prefix = value;
  }
  public resetPrefix() {
    this._prefix = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get prefixInput() {
    return this._prefix;
  }

  // and - computed: false, optional: true, required: false
  private _and = new CosBucketReplicaRulesFilterAndOutputReference(this, "and");
  public get and() {
    return this._and;
  }
  public putAnd(value: CosBucketReplicaRulesFilterAnd) {
    this._and.internalValue = value;
  }
  public resetAnd() {
    this._and.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get andInput() {
    return this._and.internalValue;
  }
}
export interface CosBucketReplicaRulesSourceSelectionCriteriaSseKmsEncryptedObjects {
  /**
  * Enabled or Disabled.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#status CosBucket#status}
  */
  readonly status?: string;
}

export function cosBucketReplicaRulesSourceSelectionCriteriaSseKmsEncryptedObjectsToTerraform(struct?: CosBucketReplicaRulesSourceSelectionCriteriaSseKmsEncryptedObjectsOutputReference | CosBucketReplicaRulesSourceSelectionCriteriaSseKmsEncryptedObjects): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    status: cdktn.stringToTerraform(struct!.status),
  }
}


export function cosBucketReplicaRulesSourceSelectionCriteriaSseKmsEncryptedObjectsToHclTerraform(struct?: CosBucketReplicaRulesSourceSelectionCriteriaSseKmsEncryptedObjectsOutputReference | CosBucketReplicaRulesSourceSelectionCriteriaSseKmsEncryptedObjects): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    status: {
      value: cdktn.stringToHclTerraform(struct!.status),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CosBucketReplicaRulesSourceSelectionCriteriaSseKmsEncryptedObjectsOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): CosBucketReplicaRulesSourceSelectionCriteriaSseKmsEncryptedObjects | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._status !== undefined) {
      hasAnyValues = true;
      internalValueResult.status = this._status;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CosBucketReplicaRulesSourceSelectionCriteriaSseKmsEncryptedObjects | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._status = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._status = value.status;
    }
  }

  // status - computed: true, optional: true, required: false
  private _status?: string; 
  public get status() {
    return this.getStringAttribute('status');
  }
  public set status(value: string) {
    this._status = value;
  }
  public resetStatus() {
    this._status = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get statusInput() {
    return this._status;
  }
}
export interface CosBucketReplicaRulesSourceSelectionCriteria {
  /**
  * sse_kms_encrypted_objects block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#sse_kms_encrypted_objects CosBucket#sse_kms_encrypted_objects}
  */
  readonly sseKmsEncryptedObjects?: CosBucketReplicaRulesSourceSelectionCriteriaSseKmsEncryptedObjects;
}

export function cosBucketReplicaRulesSourceSelectionCriteriaToTerraform(struct?: CosBucketReplicaRulesSourceSelectionCriteriaOutputReference | CosBucketReplicaRulesSourceSelectionCriteria): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    sse_kms_encrypted_objects: cosBucketReplicaRulesSourceSelectionCriteriaSseKmsEncryptedObjectsToTerraform(struct!.sseKmsEncryptedObjects),
  }
}


export function cosBucketReplicaRulesSourceSelectionCriteriaToHclTerraform(struct?: CosBucketReplicaRulesSourceSelectionCriteriaOutputReference | CosBucketReplicaRulesSourceSelectionCriteria): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    sse_kms_encrypted_objects: {
      value: cosBucketReplicaRulesSourceSelectionCriteriaSseKmsEncryptedObjectsToHclTerraform(struct!.sseKmsEncryptedObjects),
      isBlock: true,
      type: "list",
      storageClassType: "CosBucketReplicaRulesSourceSelectionCriteriaSseKmsEncryptedObjectsList",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CosBucketReplicaRulesSourceSelectionCriteriaOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): CosBucketReplicaRulesSourceSelectionCriteria | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._sseKmsEncryptedObjects?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.sseKmsEncryptedObjects = this._sseKmsEncryptedObjects?.internalValue;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CosBucketReplicaRulesSourceSelectionCriteria | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._sseKmsEncryptedObjects.internalValue = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._sseKmsEncryptedObjects.internalValue = value.sseKmsEncryptedObjects;
    }
  }

  // sse_kms_encrypted_objects - computed: false, optional: true, required: false
  private _sseKmsEncryptedObjects = new CosBucketReplicaRulesSourceSelectionCriteriaSseKmsEncryptedObjectsOutputReference(this, "sse_kms_encrypted_objects");
  public get sseKmsEncryptedObjects() {
    return this._sseKmsEncryptedObjects;
  }
  public putSseKmsEncryptedObjects(value: CosBucketReplicaRulesSourceSelectionCriteriaSseKmsEncryptedObjects) {
    this._sseKmsEncryptedObjects.internalValue = value;
  }
  public resetSseKmsEncryptedObjects() {
    this._sseKmsEncryptedObjects.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get sseKmsEncryptedObjectsInput() {
    return this._sseKmsEncryptedObjects.internalValue;
  }
}
export interface CosBucketReplicaRules {
  /**
  * Target bucket, qcs::cos:<region>::<bucket>; must be versioned.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#destination_bucket CosBucket#destination_bucket}
  */
  readonly destinationBucket: string;
  /**
  * KMS key for copies of KMS encrypted objects.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#destination_encryption_kms_key_id CosBucket#destination_encryption_kms_key_id}
  */
  readonly destinationEncryptionKmsKeyId?: string;
  /**
  * Storage class of copies.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#destination_storage_class CosBucket#destination_storage_class}
  */
  readonly destinationStorageClass?: string;
  /**
  * Rule name.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#id CosBucket#id}
  *
  * Please be aware that the id field is automatically added to all resources in Terraform providers using a Terraform provider SDK version below 2.
  * If you experience problems setting this value it might not be settable. Please take a look at the provider documentation to ensure it should be settable.
  */
  readonly id?: string;
  /**
  * Key prefix to replicate; empty for all.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#prefix CosBucket#prefix}
  */
  readonly prefix?: string;
  /**
  * Rule priority, 1-1000, unique per bucket.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#priority CosBucket#priority}
  */
  readonly priority?: number;
  /**
  * Enabled or Disabled.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#status CosBucket#status}
  */
  readonly status?: string;
  /**
  * delete_marker_replication block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#delete_marker_replication CosBucket#delete_marker_replication}
  */
  readonly deleteMarkerReplication?: CosBucketReplicaRulesDeleteMarkerReplication;
  /**
  * filter block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#filter CosBucket#filter}
  */
  readonly filter?: CosBucketReplicaRulesFilter;
  /**
  * source_selection_criteria block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#source_selection_criteria CosBucket#source_selection_criteria}
  */
  readonly sourceSelectionCriteria?: CosBucketReplicaRulesSourceSelectionCriteria;
}

export function cosBucketReplicaRulesToTerraform(struct?: CosBucketReplicaRules | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    destination_bucket: cdktn.stringToTerraform(struct!.destinationBucket),
    destination_encryption_kms_key_id: cdktn.stringToTerraform(struct!.destinationEncryptionKmsKeyId),
    destination_storage_class: cdktn.stringToTerraform(struct!.destinationStorageClass),
    id: cdktn.stringToTerraform(struct!.id),
    prefix: cdktn.stringToTerraform(struct!.prefix),
    priority: cdktn.numberToTerraform(struct!.priority),
    status: cdktn.stringToTerraform(struct!.status),
    delete_marker_replication: cosBucketReplicaRulesDeleteMarkerReplicationToTerraform(struct!.deleteMarkerReplication),
    filter: cosBucketReplicaRulesFilterToTerraform(struct!.filter),
    source_selection_criteria: cosBucketReplicaRulesSourceSelectionCriteriaToTerraform(struct!.sourceSelectionCriteria),
  }
}


export function cosBucketReplicaRulesToHclTerraform(struct?: CosBucketReplicaRules | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    destination_bucket: {
      value: cdktn.stringToHclTerraform(struct!.destinationBucket),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    destination_encryption_kms_key_id: {
      value: cdktn.stringToHclTerraform(struct!.destinationEncryptionKmsKeyId),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    destination_storage_class: {
      value: cdktn.stringToHclTerraform(struct!.destinationStorageClass),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    id: {
      value: cdktn.stringToHclTerraform(struct!.id),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    prefix: {
      value: cdktn.stringToHclTerraform(struct!.prefix),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    priority: {
      value: cdktn.numberToHclTerraform(struct!.priority),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    status: {
      value: cdktn.stringToHclTerraform(struct!.status),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    delete_marker_replication: {
      value: cosBucketReplicaRulesDeleteMarkerReplicationToHclTerraform(struct!.deleteMarkerReplication),
      isBlock: true,
      type: "list",
      storageClassType: "CosBucketReplicaRulesDeleteMarkerReplicationList",
    },
    filter: {
      value: cosBucketReplicaRulesFilterToHclTerraform(struct!.filter),
      isBlock: true,
      type: "list",
      storageClassType: "CosBucketReplicaRulesFilterList",
    },
    source_selection_criteria: {
      value: cosBucketReplicaRulesSourceSelectionCriteriaToHclTerraform(struct!.sourceSelectionCriteria),
      isBlock: true,
      type: "list",
      storageClassType: "CosBucketReplicaRulesSourceSelectionCriteriaList",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CosBucketReplicaRulesOutputReference extends cdktn.ComplexObject {
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

  public get internalValue(): CosBucketReplicaRules | cdktn.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._destinationBucket !== undefined) {
      hasAnyValues = true;
      internalValueResult.destinationBucket = this._destinationBucket;
    }
    if (this._destinationEncryptionKmsKeyId !== undefined) {
      hasAnyValues = true;
      internalValueResult.destinationEncryptionKmsKeyId = this._destinationEncryptionKmsKeyId;
    }
    if (this._destinationStorageClass !== undefined) {
      hasAnyValues = true;
      internalValueResult.destinationStorageClass = this._destinationStorageClass;
    }
    if (this._id !== undefined) {
      hasAnyValues = true;
      internalValueResult.id = this._id;
    }
    if (this._prefix !== undefined) {
      hasAnyValues = true;
      internalValueResult.prefix = this._prefix;
    }
    if (this._priority !== undefined) {
      hasAnyValues = true;
      internalValueResult.priority = this._priority;
    }
    if (this._status !== undefined) {
      hasAnyValues = true;
      internalValueResult.status = this._status;
    }
    if (this._deleteMarkerReplication?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.deleteMarkerReplication = this._deleteMarkerReplication?.internalValue;
    }
    if (this._filter?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.filter = this._filter?.internalValue;
    }
    if (this._sourceSelectionCriteria?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.sourceSelectionCriteria = this._sourceSelectionCriteria?.internalValue;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CosBucketReplicaRules | cdktn.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._destinationBucket = undefined;
      this._destinationEncryptionKmsKeyId = undefined;
      this._destinationStorageClass = undefined;
      this._id = undefined;
      this._prefix = undefined;
      this._priority = undefined;
      this._status = undefined;
      this._deleteMarkerReplication.internalValue = undefined;
      this._filter.internalValue = undefined;
      this._sourceSelectionCriteria.internalValue = undefined;
    }
    else if (cdktn.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._destinationBucket = value.destinationBucket;
      this._destinationEncryptionKmsKeyId = value.destinationEncryptionKmsKeyId;
      this._destinationStorageClass = value.destinationStorageClass;
      this._id = value.id;
      this._prefix = value.prefix;
      this._priority = value.priority;
      this._status = value.status;
      this._deleteMarkerReplication.internalValue = value.deleteMarkerReplication;
      this._filter.internalValue = value.filter;
      this._sourceSelectionCriteria.internalValue = value.sourceSelectionCriteria;
    }
  }

  // destination_bucket - computed: false, optional: false, required: true
  private _destinationBucket?: string; 
  public get destinationBucket() {
    return this.getStringAttribute('destination_bucket');
  }
  public set destinationBucket(value: string) {
    this._destinationBucket = value;
  }
  // Temporarily expose input value. Use with caution.
  public get destinationBucketInput() {
    return this._destinationBucket;
  }

  // destination_encryption_kms_key_id - computed: false, optional: true, required: false
  private _destinationEncryptionKmsKeyId?: string; 
  public get destinationEncryptionKmsKeyId() {
    return this.getStringAttribute('destination_encryption_kms_key_id');
  }
  public set destinationEncryptionKmsKeyId(value: string) {
    this._destinationEncryptionKmsKeyId = value;
  }
  public resetDestinationEncryptionKmsKeyId() {
    this._destinationEncryptionKmsKeyId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get destinationEncryptionKmsKeyIdInput() {
    return this._destinationEncryptionKmsKeyId;
  }

  // destination_storage_class - computed: false, optional: true, required: false
  private _destinationStorageClass?: string; 
  public get destinationStorageClass() {
    return this.getStringAttribute('destination_storage_class');
  }
  public set destinationStorageClass(value: string) {
    this._destinationStorageClass = value;
  }
  public resetDestinationStorageClass() {
    this._destinationStorageClass = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get destinationStorageClassInput() {
    return this._destinationStorageClass;
  }

  // id - computed: false, optional: true, required: false
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

  // prefix - computed: true, optional: true, required: false
  private _prefix?: string; 
  public get prefix() {
    return this.getStringAttribute('prefix');
  }
  public set prefix(value: string) {
    this._prefix = value;
  }
  public resetPrefix() {
    this._prefix = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get prefixInput() {
    return this._prefix;
  }

  // priority - computed: false, optional: true, required: false
  private _priority?: number; 
  public get priority() {
    return this.getNumberAttribute('priority');
  }
  public set priority(value: number) {
    this._priority = value;
  }
  public resetPriority() {
    this._priority = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get priorityInput() {
    return this._priority;
  }

  // status - computed: false, optional: true, required: false
  private _status?: string; 
  public get status() {
    return this.getStringAttribute('status');
  }
  public set status(value: string) {
    this._status = value;
  }
  public resetStatus() {
    this._status = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get statusInput() {
    return this._status;
  }

  // delete_marker_replication - computed: false, optional: true, required: false
  private _deleteMarkerReplication = new CosBucketReplicaRulesDeleteMarkerReplicationOutputReference(this, "delete_marker_replication");
  public get deleteMarkerReplication() {
    return this._deleteMarkerReplication;
  }
  public putDeleteMarkerReplication(value: CosBucketReplicaRulesDeleteMarkerReplication) {
    this._deleteMarkerReplication.internalValue = value;
  }
  public resetDeleteMarkerReplication() {
    this._deleteMarkerReplication.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get deleteMarkerReplicationInput() {
    return this._deleteMarkerReplication.internalValue;
  }

  // filter - computed: false, optional: true, required: false
  private _filter = new CosBucketReplicaRulesFilterOutputReference(this, "filter");
  public get filter() {
    return this._filter;
  }
  public putFilter(value: CosBucketReplicaRulesFilter) {
    this._filter.internalValue = value;
  }
  public resetFilter() {
    this._filter.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get filterInput() {
    return this._filter.internalValue;
  }

  // source_selection_criteria - computed: false, optional: true, required: false
  private _sourceSelectionCriteria = new CosBucketReplicaRulesSourceSelectionCriteriaOutputReference(this, "source_selection_criteria");
  public get sourceSelectionCriteria() {
    return this._sourceSelectionCriteria;
  }
  public putSourceSelectionCriteria(value: CosBucketReplicaRulesSourceSelectionCriteria) {
    this._sourceSelectionCriteria.internalValue = value;
  }
  public resetSourceSelectionCriteria() {
    this._sourceSelectionCriteria.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get sourceSelectionCriteriaInput() {
    return this._sourceSelectionCriteria.internalValue;
  }
}

export class CosBucketReplicaRulesList extends cdktn.ComplexList {
  public internalValue? : CosBucketReplicaRules[] | cdktn.IResolvable

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
  public get(index: number): CosBucketReplicaRulesOutputReference {
    return new CosBucketReplicaRulesOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface CosBucketWebsiteRoutingRulesRules {
  /**
  * Match on a 4XX status code.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#condition_error_code CosBucket#condition_error_code}
  */
  readonly conditionErrorCode?: string;
  /**
  * Match on a key prefix.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#condition_prefix CosBucket#condition_prefix}
  */
  readonly conditionPrefix?: string;
  /**
  * Redirect scheme (https only).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#redirect_protocol CosBucket#redirect_protocol}
  */
  readonly redirectProtocol?: string;
  /**
  * Replace the whole key.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#redirect_replace_key CosBucket#redirect_replace_key}
  */
  readonly redirectReplaceKey?: string;
  /**
  * Replace the matched prefix.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#redirect_replace_key_prefix CosBucket#redirect_replace_key_prefix}
  */
  readonly redirectReplaceKeyPrefix?: string;
}

export function cosBucketWebsiteRoutingRulesRulesToTerraform(struct?: CosBucketWebsiteRoutingRulesRules | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    condition_error_code: cdktn.stringToTerraform(struct!.conditionErrorCode),
    condition_prefix: cdktn.stringToTerraform(struct!.conditionPrefix),
    redirect_protocol: cdktn.stringToTerraform(struct!.redirectProtocol),
    redirect_replace_key: cdktn.stringToTerraform(struct!.redirectReplaceKey),
    redirect_replace_key_prefix: cdktn.stringToTerraform(struct!.redirectReplaceKeyPrefix),
  }
}


export function cosBucketWebsiteRoutingRulesRulesToHclTerraform(struct?: CosBucketWebsiteRoutingRulesRules | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    condition_error_code: {
      value: cdktn.stringToHclTerraform(struct!.conditionErrorCode),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    condition_prefix: {
      value: cdktn.stringToHclTerraform(struct!.conditionPrefix),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    redirect_protocol: {
      value: cdktn.stringToHclTerraform(struct!.redirectProtocol),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    redirect_replace_key: {
      value: cdktn.stringToHclTerraform(struct!.redirectReplaceKey),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    redirect_replace_key_prefix: {
      value: cdktn.stringToHclTerraform(struct!.redirectReplaceKeyPrefix),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CosBucketWebsiteRoutingRulesRulesOutputReference extends cdktn.ComplexObject {
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

  public get internalValue(): CosBucketWebsiteRoutingRulesRules | cdktn.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._conditionErrorCode !== undefined) {
      hasAnyValues = true;
      internalValueResult.conditionErrorCode = this._conditionErrorCode;
    }
    if (this._conditionPrefix !== undefined) {
      hasAnyValues = true;
      internalValueResult.conditionPrefix = this._conditionPrefix;
    }
    if (this._redirectProtocol !== undefined) {
      hasAnyValues = true;
      internalValueResult.redirectProtocol = this._redirectProtocol;
    }
    if (this._redirectReplaceKey !== undefined) {
      hasAnyValues = true;
      internalValueResult.redirectReplaceKey = this._redirectReplaceKey;
    }
    if (this._redirectReplaceKeyPrefix !== undefined) {
      hasAnyValues = true;
      internalValueResult.redirectReplaceKeyPrefix = this._redirectReplaceKeyPrefix;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CosBucketWebsiteRoutingRulesRules | cdktn.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._conditionErrorCode = undefined;
      this._conditionPrefix = undefined;
      this._redirectProtocol = undefined;
      this._redirectReplaceKey = undefined;
      this._redirectReplaceKeyPrefix = undefined;
    }
    else if (cdktn.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._conditionErrorCode = value.conditionErrorCode;
      this._conditionPrefix = value.conditionPrefix;
      this._redirectProtocol = value.redirectProtocol;
      this._redirectReplaceKey = value.redirectReplaceKey;
      this._redirectReplaceKeyPrefix = value.redirectReplaceKeyPrefix;
    }
  }

  // condition_error_code - computed: false, optional: true, required: false
  private _conditionErrorCode?: string; 
  public get conditionErrorCode() {
    return this.getStringAttribute('condition_error_code');
  }
  public set conditionErrorCode(value: string) {
    this._conditionErrorCode = value;
  }
  public resetConditionErrorCode() {
    this._conditionErrorCode = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get conditionErrorCodeInput() {
    return this._conditionErrorCode;
  }

  // condition_prefix - computed: false, optional: true, required: false
  private _conditionPrefix?: string; 
  public get conditionPrefix() {
    return this.getStringAttribute('condition_prefix');
  }
  public set conditionPrefix(value: string) {
    this._conditionPrefix = value;
  }
  public resetConditionPrefix() {
    this._conditionPrefix = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get conditionPrefixInput() {
    return this._conditionPrefix;
  }

  // redirect_protocol - computed: false, optional: true, required: false
  private _redirectProtocol?: string; 
  public get redirectProtocol() {
    return this.getStringAttribute('redirect_protocol');
  }
  public set redirectProtocol(value: string) {
    this._redirectProtocol = value;
  }
  public resetRedirectProtocol() {
    this._redirectProtocol = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get redirectProtocolInput() {
    return this._redirectProtocol;
  }

  // redirect_replace_key - computed: false, optional: true, required: false
  private _redirectReplaceKey?: string; 
  public get redirectReplaceKey() {
    return this.getStringAttribute('redirect_replace_key');
  }
  public set redirectReplaceKey(value: string) {
    this._redirectReplaceKey = value;
  }
  public resetRedirectReplaceKey() {
    this._redirectReplaceKey = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get redirectReplaceKeyInput() {
    return this._redirectReplaceKey;
  }

  // redirect_replace_key_prefix - computed: false, optional: true, required: false
  private _redirectReplaceKeyPrefix?: string; 
  public get redirectReplaceKeyPrefix() {
    return this.getStringAttribute('redirect_replace_key_prefix');
  }
  public set redirectReplaceKeyPrefix(value: string) {
    this._redirectReplaceKeyPrefix = value;
  }
  public resetRedirectReplaceKeyPrefix() {
    this._redirectReplaceKeyPrefix = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get redirectReplaceKeyPrefixInput() {
    return this._redirectReplaceKeyPrefix;
  }
}

export class CosBucketWebsiteRoutingRulesRulesList extends cdktn.ComplexList {
  public internalValue? : CosBucketWebsiteRoutingRulesRules[] | cdktn.IResolvable

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
  public get(index: number): CosBucketWebsiteRoutingRulesRulesOutputReference {
    return new CosBucketWebsiteRoutingRulesRulesOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface CosBucketWebsiteRoutingRules {
  /**
  * rules block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#rules CosBucket#rules}
  */
  readonly rules: CosBucketWebsiteRoutingRulesRules[] | cdktn.IResolvable;
}

export function cosBucketWebsiteRoutingRulesToTerraform(struct?: CosBucketWebsiteRoutingRulesOutputReference | CosBucketWebsiteRoutingRules): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    rules: cdktn.listMapper(cosBucketWebsiteRoutingRulesRulesToTerraform, true)(struct!.rules),
  }
}


export function cosBucketWebsiteRoutingRulesToHclTerraform(struct?: CosBucketWebsiteRoutingRulesOutputReference | CosBucketWebsiteRoutingRules): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    rules: {
      value: cdktn.listMapperHcl(cosBucketWebsiteRoutingRulesRulesToHclTerraform, true)(struct!.rules),
      isBlock: true,
      type: "list",
      storageClassType: "CosBucketWebsiteRoutingRulesRulesList",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CosBucketWebsiteRoutingRulesOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): CosBucketWebsiteRoutingRules | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._rules?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.rules = this._rules?.internalValue;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CosBucketWebsiteRoutingRules | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._rules.internalValue = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._rules.internalValue = value.rules;
    }
  }

  // rules - computed: false, optional: false, required: true
  private _rules = new CosBucketWebsiteRoutingRulesRulesList(this, "rules", false);
  public get rules() {
    return this._rules;
  }
  public putRules(value: CosBucketWebsiteRoutingRulesRules[] | cdktn.IResolvable) {
    this._rules.internalValue = value;
  }
  // Temporarily expose input value. Use with caution.
  public get rulesInput() {
    return this._rules.internalValue;
  }
}
export interface CosBucketWebsite {
  /**
  * Page for 4XX errors.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#error_document CosBucket#error_document}
  */
  readonly errorDocument?: string;
  /**
  * Index page.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#index_document CosBucket#index_document}
  */
  readonly indexDocument?: string;
  /**
  * Redirect all requests to http or https.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#redirect_all_requests_to CosBucket#redirect_all_requests_to}
  */
  readonly redirectAllRequestsTo?: string;
  /**
  * routing_rules block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#routing_rules CosBucket#routing_rules}
  */
  readonly routingRules?: CosBucketWebsiteRoutingRules;
}

export function cosBucketWebsiteToTerraform(struct?: CosBucketWebsiteOutputReference | CosBucketWebsite): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    error_document: cdktn.stringToTerraform(struct!.errorDocument),
    index_document: cdktn.stringToTerraform(struct!.indexDocument),
    redirect_all_requests_to: cdktn.stringToTerraform(struct!.redirectAllRequestsTo),
    routing_rules: cosBucketWebsiteRoutingRulesToTerraform(struct!.routingRules),
  }
}


export function cosBucketWebsiteToHclTerraform(struct?: CosBucketWebsiteOutputReference | CosBucketWebsite): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    error_document: {
      value: cdktn.stringToHclTerraform(struct!.errorDocument),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    index_document: {
      value: cdktn.stringToHclTerraform(struct!.indexDocument),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    redirect_all_requests_to: {
      value: cdktn.stringToHclTerraform(struct!.redirectAllRequestsTo),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    routing_rules: {
      value: cosBucketWebsiteRoutingRulesToHclTerraform(struct!.routingRules),
      isBlock: true,
      type: "list",
      storageClassType: "CosBucketWebsiteRoutingRulesList",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CosBucketWebsiteOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): CosBucketWebsite | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._errorDocument !== undefined) {
      hasAnyValues = true;
      internalValueResult.errorDocument = this._errorDocument;
    }
    if (this._indexDocument !== undefined) {
      hasAnyValues = true;
      internalValueResult.indexDocument = this._indexDocument;
    }
    if (this._redirectAllRequestsTo !== undefined) {
      hasAnyValues = true;
      internalValueResult.redirectAllRequestsTo = this._redirectAllRequestsTo;
    }
    if (this._routingRules?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.routingRules = this._routingRules?.internalValue;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CosBucketWebsite | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._errorDocument = undefined;
      this._indexDocument = undefined;
      this._redirectAllRequestsTo = undefined;
      this._routingRules.internalValue = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._errorDocument = value.errorDocument;
      this._indexDocument = value.indexDocument;
      this._redirectAllRequestsTo = value.redirectAllRequestsTo;
      this._routingRules.internalValue = value.routingRules;
    }
  }

  // endpoint - computed: true, optional: false, required: false
  public get endpoint() {
    return this.getStringAttribute('endpoint');
  }

  // error_document - computed: false, optional: true, required: false
  private _errorDocument?: string; 
  public get errorDocument() {
    return this.getStringAttribute('error_document');
  }
  public set errorDocument(value: string) {
    this._errorDocument = value;
  }
  public resetErrorDocument() {
    this._errorDocument = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get errorDocumentInput() {
    return this._errorDocument;
  }

  // index_document - computed: false, optional: true, required: false
  private _indexDocument?: string; 
  public get indexDocument() {
    return this.getStringAttribute('index_document');
  }
  public set indexDocument(value: string) {
    this._indexDocument = value;
  }
  public resetIndexDocument() {
    this._indexDocument = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get indexDocumentInput() {
    return this._indexDocument;
  }

  // redirect_all_requests_to - computed: true, optional: true, required: false
  private _redirectAllRequestsTo?: string; 
  public get redirectAllRequestsTo() {
    return this.getStringAttribute('redirect_all_requests_to');
  }
  public set redirectAllRequestsTo(value: string) {
    this._redirectAllRequestsTo = value;
  }
  public resetRedirectAllRequestsTo() {
    this._redirectAllRequestsTo = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get redirectAllRequestsToInput() {
    return this._redirectAllRequestsTo;
  }

  // routing_rules - computed: false, optional: true, required: false
  private _routingRules = new CosBucketWebsiteRoutingRulesOutputReference(this, "routing_rules");
  public get routingRules() {
    return this._routingRules;
  }
  public putRoutingRules(value: CosBucketWebsiteRoutingRules) {
    this._routingRules.internalValue = value;
  }
  public resetRoutingRules() {
    this._routingRules.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get routingRulesInput() {
    return this._routingRules.internalValue;
  }
}

/**
* Represents a {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket tencentcloud_cos_bucket}
*/
export class CosBucket extends cdktn.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "tencentcloud_cos_bucket";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTN code for importing a CosBucket resource upon running "cdktn plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the CosBucket to import
  * @param importFromId The id of the existing CosBucket that should be imported. Refer to the {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the CosBucket to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktn.TerraformProvider) {
        return new cdktn.ImportableResource(scope, importToId, { terraformResourceType: "tencentcloud_cos_bucket", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/cos_bucket tencentcloud_cos_bucket} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options CosBucketConfig
  */
  public constructor(scope: Construct, id: string, config: CosBucketConfig) {
    super(scope, id, {
      terraformResourceType: 'tencentcloud_cos_bucket',
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
    this._accelerationEnable = config.accelerationEnable;
    this._acl = config.acl;
    this._aclBody = config.aclBody;
    this._bucket = config.bucket;
    this._cdcId = config.cdcId;
    this._chdfsOfs = config.chdfsOfs;
    this._corsResponseVary = config.corsResponseVary;
    this._enableIntelligentTiering = config.enableIntelligentTiering;
    this._encryptionAlgorithm = config.encryptionAlgorithm;
    this._forceClean = config.forceClean;
    this._id = config.id;
    this._intelligentTieringDays = config.intelligentTieringDays;
    this._intelligentTieringRequestFrequent = config.intelligentTieringRequestFrequent;
    this._kmsId = config.kmsId;
    this._logEnable = config.logEnable;
    this._logPrefix = config.logPrefix;
    this._logTargetBucket = config.logTargetBucket;
    this._multiAz = config.multiAz;
    this._replicaRole = config.replicaRole;
    this._tags = config.tags;
    this._versioningEnable = config.versioningEnable;
    this._corsRules.internalValue = config.corsRules;
    this._intelligentTieringArchivingRuleList.internalValue = config.intelligentTieringArchivingRuleList;
    this._lifecycleRules.internalValue = config.lifecycleRules;
    this._objectLockConfiguration.internalValue = config.objectLockConfiguration;
    this._originDomainRules.internalValue = config.originDomainRules;
    this._originPullRules.internalValue = config.originPullRules;
    this._replicaRules.internalValue = config.replicaRules;
    this._website.internalValue = config.website;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // acceleration_enable - computed: false, optional: true, required: false
  private _accelerationEnable?: boolean | cdktn.IResolvable; 
  public get accelerationEnable() {
    return this.getBooleanAttribute('acceleration_enable');
  }
  public set accelerationEnable(value: boolean | cdktn.IResolvable) {
    this._accelerationEnable = value;
  }
  public resetAccelerationEnable() {
    this._accelerationEnable = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get accelerationEnableInput() {
    return this._accelerationEnable;
  }

  // acl - computed: false, optional: true, required: false
  private _acl?: string; 
  public get acl() {
    return this.getStringAttribute('acl');
  }
  public set acl(value: string) {
    this._acl = value;
  }
  public resetAcl() {
    this._acl = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get aclInput() {
    return this._acl;
  }

  // acl_body - computed: true, optional: true, required: false
  private _aclBody?: string; 
  public get aclBody() {
    return this.getStringAttribute('acl_body');
  }
  public set aclBody(value: string) {
    this._aclBody = value;
  }
  public resetAclBody() {
    this._aclBody = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get aclBodyInput() {
    return this._aclBody;
  }

  // bucket - computed: false, optional: false, required: true
  private _bucket?: string; 
  public get bucket() {
    return this.getStringAttribute('bucket');
  }
  public set bucket(value: string) {
    this._bucket = value;
  }
  // Temporarily expose input value. Use with caution.
  public get bucketInput() {
    return this._bucket;
  }

  // cdc_id - computed: false, optional: true, required: false
  private _cdcId?: string; 
  public get cdcId() {
    return this.getStringAttribute('cdc_id');
  }
  public set cdcId(value: string) {
    this._cdcId = value;
  }
  public resetCdcId() {
    this._cdcId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get cdcIdInput() {
    return this._cdcId;
  }

  // chdfs_ofs - computed: true, optional: true, required: false
  private _chdfsOfs?: boolean | cdktn.IResolvable; 
  public get chdfsOfs() {
    return this.getBooleanAttribute('chdfs_ofs');
  }
  public set chdfsOfs(value: boolean | cdktn.IResolvable) {
    this._chdfsOfs = value;
  }
  public resetChdfsOfs() {
    this._chdfsOfs = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get chdfsOfsInput() {
    return this._chdfsOfs;
  }

  // cors_response_vary - computed: true, optional: true, required: false
  private _corsResponseVary?: string; 
  public get corsResponseVary() {
    return this.getStringAttribute('cors_response_vary');
  }
  public set corsResponseVary(value: string) {
    this._corsResponseVary = value;
  }
  public resetCorsResponseVary() {
    this._corsResponseVary = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get corsResponseVaryInput() {
    return this._corsResponseVary;
  }

  // cos_bucket_url - computed: true, optional: false, required: false
  public get cosBucketUrl() {
    return this.getStringAttribute('cos_bucket_url');
  }

  // enable_intelligent_tiering - computed: true, optional: true, required: false
  private _enableIntelligentTiering?: boolean | cdktn.IResolvable; 
  public get enableIntelligentTiering() {
    return this.getBooleanAttribute('enable_intelligent_tiering');
  }
  public set enableIntelligentTiering(value: boolean | cdktn.IResolvable) {
    this._enableIntelligentTiering = value;
  }
  public resetEnableIntelligentTiering() {
    this._enableIntelligentTiering = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get enableIntelligentTieringInput() {
    return this._enableIntelligentTiering;
  }

  // encryption_algorithm - computed: false, optional: true, required: false
  private _encryptionAlgorithm?: string; 
  public get encryptionAlgorithm() {
    return this.getStringAttribute('encryption_algorithm');
  }
  public set encryptionAlgorithm(value: string) {
    this._encryptionAlgorithm = value;
  }
  public resetEncryptionAlgorithm() {
    this._encryptionAlgorithm = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get encryptionAlgorithmInput() {
    return this._encryptionAlgorithm;
  }

  // force_clean - computed: false, optional: true, required: false
  private _forceClean?: boolean | cdktn.IResolvable; 
  public get forceClean() {
    return this.getBooleanAttribute('force_clean');
  }
  public set forceClean(value: boolean | cdktn.IResolvable) {
    this._forceClean = value;
  }
  public resetForceClean() {
    this._forceClean = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get forceCleanInput() {
    return this._forceClean;
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

  // intelligent_tiering_days - computed: true, optional: true, required: false
  private _intelligentTieringDays?: number; 
  public get intelligentTieringDays() {
    return this.getNumberAttribute('intelligent_tiering_days');
  }
  public set intelligentTieringDays(value: number) {
    this._intelligentTieringDays = value;
  }
  public resetIntelligentTieringDays() {
    this._intelligentTieringDays = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get intelligentTieringDaysInput() {
    return this._intelligentTieringDays;
  }

  // intelligent_tiering_request_frequent - computed: true, optional: true, required: false
  private _intelligentTieringRequestFrequent?: number; 
  public get intelligentTieringRequestFrequent() {
    return this.getNumberAttribute('intelligent_tiering_request_frequent');
  }
  public set intelligentTieringRequestFrequent(value: number) {
    this._intelligentTieringRequestFrequent = value;
  }
  public resetIntelligentTieringRequestFrequent() {
    this._intelligentTieringRequestFrequent = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get intelligentTieringRequestFrequentInput() {
    return this._intelligentTieringRequestFrequent;
  }

  // kms_id - computed: false, optional: true, required: false
  private _kmsId?: string; 
  public get kmsId() {
    return this.getStringAttribute('kms_id');
  }
  public set kmsId(value: string) {
    this._kmsId = value;
  }
  public resetKmsId() {
    this._kmsId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get kmsIdInput() {
    return this._kmsId;
  }

  // log_enable - computed: false, optional: true, required: false
  private _logEnable?: boolean | cdktn.IResolvable; 
  public get logEnable() {
    return this.getBooleanAttribute('log_enable');
  }
  public set logEnable(value: boolean | cdktn.IResolvable) {
    this._logEnable = value;
  }
  public resetLogEnable() {
    this._logEnable = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get logEnableInput() {
    return this._logEnable;
  }

  // log_prefix - computed: false, optional: true, required: false
  private _logPrefix?: string; 
  public get logPrefix() {
    return this.getStringAttribute('log_prefix');
  }
  public set logPrefix(value: string) {
    this._logPrefix = value;
  }
  public resetLogPrefix() {
    this._logPrefix = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get logPrefixInput() {
    return this._logPrefix;
  }

  // log_target_bucket - computed: false, optional: true, required: false
  private _logTargetBucket?: string; 
  public get logTargetBucket() {
    return this.getStringAttribute('log_target_bucket');
  }
  public set logTargetBucket(value: string) {
    this._logTargetBucket = value;
  }
  public resetLogTargetBucket() {
    this._logTargetBucket = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get logTargetBucketInput() {
    return this._logTargetBucket;
  }

  // multi_az - computed: false, optional: true, required: false
  private _multiAz?: boolean | cdktn.IResolvable; 
  public get multiAz() {
    return this.getBooleanAttribute('multi_az');
  }
  public set multiAz(value: boolean | cdktn.IResolvable) {
    this._multiAz = value;
  }
  public resetMultiAz() {
    this._multiAz = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get multiAzInput() {
    return this._multiAz;
  }

  // replica_role - computed: false, optional: true, required: false
  private _replicaRole?: string; 
  public get replicaRole() {
    return this.getStringAttribute('replica_role');
  }
  public set replicaRole(value: string) {
    this._replicaRole = value;
  }
  public resetReplicaRole() {
    this._replicaRole = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get replicaRoleInput() {
    return this._replicaRole;
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

  // versioning_enable - computed: false, optional: true, required: false
  private _versioningEnable?: boolean | cdktn.IResolvable; 
  public get versioningEnable() {
    return this.getBooleanAttribute('versioning_enable');
  }
  public set versioningEnable(value: boolean | cdktn.IResolvable) {
    this._versioningEnable = value;
  }
  public resetVersioningEnable() {
    this._versioningEnable = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get versioningEnableInput() {
    return this._versioningEnable;
  }

  // cors_rules - computed: false, optional: true, required: false
  private _corsRules = new CosBucketCorsRulesList(this, "cors_rules", false);
  public get corsRules() {
    return this._corsRules;
  }
  public putCorsRules(value: CosBucketCorsRules[] | cdktn.IResolvable) {
    this._corsRules.internalValue = value;
  }
  public resetCorsRules() {
    this._corsRules.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get corsRulesInput() {
    return this._corsRules.internalValue;
  }

  // intelligent_tiering_archiving_rule_list - computed: false, optional: true, required: false
  private _intelligentTieringArchivingRuleList = new CosBucketIntelligentTieringArchivingRuleListStructList(this, "intelligent_tiering_archiving_rule_list", false);
  public get intelligentTieringArchivingRuleList() {
    return this._intelligentTieringArchivingRuleList;
  }
  public putIntelligentTieringArchivingRuleList(value: CosBucketIntelligentTieringArchivingRuleListStruct[] | cdktn.IResolvable) {
    this._intelligentTieringArchivingRuleList.internalValue = value;
  }
  public resetIntelligentTieringArchivingRuleList() {
    this._intelligentTieringArchivingRuleList.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get intelligentTieringArchivingRuleListInput() {
    return this._intelligentTieringArchivingRuleList.internalValue;
  }

  // lifecycle_rules - computed: false, optional: true, required: false
  private _lifecycleRules = new CosBucketLifecycleRulesList(this, "lifecycle_rules", false);
  public get lifecycleRules() {
    return this._lifecycleRules;
  }
  public putLifecycleRules(value: CosBucketLifecycleRules[] | cdktn.IResolvable) {
    this._lifecycleRules.internalValue = value;
  }
  public resetLifecycleRules() {
    this._lifecycleRules.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get lifecycleRulesInput() {
    return this._lifecycleRules.internalValue;
  }

  // object_lock_configuration - computed: false, optional: true, required: false
  private _objectLockConfiguration = new CosBucketObjectLockConfigurationOutputReference(this, "object_lock_configuration");
  public get objectLockConfiguration() {
    return this._objectLockConfiguration;
  }
  public putObjectLockConfiguration(value: CosBucketObjectLockConfiguration) {
    this._objectLockConfiguration.internalValue = value;
  }
  public resetObjectLockConfiguration() {
    this._objectLockConfiguration.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get objectLockConfigurationInput() {
    return this._objectLockConfiguration.internalValue;
  }

  // origin_domain_rules - computed: false, optional: true, required: false
  private _originDomainRules = new CosBucketOriginDomainRulesList(this, "origin_domain_rules", false);
  public get originDomainRules() {
    return this._originDomainRules;
  }
  public putOriginDomainRules(value: CosBucketOriginDomainRules[] | cdktn.IResolvable) {
    this._originDomainRules.internalValue = value;
  }
  public resetOriginDomainRules() {
    this._originDomainRules.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get originDomainRulesInput() {
    return this._originDomainRules.internalValue;
  }

  // origin_pull_rules - computed: false, optional: true, required: false
  private _originPullRules = new CosBucketOriginPullRulesList(this, "origin_pull_rules", false);
  public get originPullRules() {
    return this._originPullRules;
  }
  public putOriginPullRules(value: CosBucketOriginPullRules[] | cdktn.IResolvable) {
    this._originPullRules.internalValue = value;
  }
  public resetOriginPullRules() {
    this._originPullRules.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get originPullRulesInput() {
    return this._originPullRules.internalValue;
  }

  // replica_rules - computed: false, optional: true, required: false
  private _replicaRules = new CosBucketReplicaRulesList(this, "replica_rules", false);
  public get replicaRules() {
    return this._replicaRules;
  }
  public putReplicaRules(value: CosBucketReplicaRules[] | cdktn.IResolvable) {
    this._replicaRules.internalValue = value;
  }
  public resetReplicaRules() {
    this._replicaRules.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get replicaRulesInput() {
    return this._replicaRules.internalValue;
  }

  // website - computed: false, optional: true, required: false
  private _website = new CosBucketWebsiteOutputReference(this, "website");
  public get website() {
    return this._website;
  }
  public putWebsite(value: CosBucketWebsite) {
    this._website.internalValue = value;
  }
  public resetWebsite() {
    this._website.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get websiteInput() {
    return this._website.internalValue;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      acceleration_enable: cdktn.booleanToTerraform(this._accelerationEnable),
      acl: cdktn.stringToTerraform(this._acl),
      acl_body: cdktn.stringToTerraform(this._aclBody),
      bucket: cdktn.stringToTerraform(this._bucket),
      cdc_id: cdktn.stringToTerraform(this._cdcId),
      chdfs_ofs: cdktn.booleanToTerraform(this._chdfsOfs),
      cors_response_vary: cdktn.stringToTerraform(this._corsResponseVary),
      enable_intelligent_tiering: cdktn.booleanToTerraform(this._enableIntelligentTiering),
      encryption_algorithm: cdktn.stringToTerraform(this._encryptionAlgorithm),
      force_clean: cdktn.booleanToTerraform(this._forceClean),
      id: cdktn.stringToTerraform(this._id),
      intelligent_tiering_days: cdktn.numberToTerraform(this._intelligentTieringDays),
      intelligent_tiering_request_frequent: cdktn.numberToTerraform(this._intelligentTieringRequestFrequent),
      kms_id: cdktn.stringToTerraform(this._kmsId),
      log_enable: cdktn.booleanToTerraform(this._logEnable),
      log_prefix: cdktn.stringToTerraform(this._logPrefix),
      log_target_bucket: cdktn.stringToTerraform(this._logTargetBucket),
      multi_az: cdktn.booleanToTerraform(this._multiAz),
      replica_role: cdktn.stringToTerraform(this._replicaRole),
      tags: cdktn.hashMapper(cdktn.stringToTerraform)(this._tags),
      versioning_enable: cdktn.booleanToTerraform(this._versioningEnable),
      cors_rules: cdktn.listMapper(cosBucketCorsRulesToTerraform, true)(this._corsRules.internalValue),
      intelligent_tiering_archiving_rule_list: cdktn.listMapper(cosBucketIntelligentTieringArchivingRuleListStructToTerraform, true)(this._intelligentTieringArchivingRuleList.internalValue),
      lifecycle_rules: cdktn.listMapper(cosBucketLifecycleRulesToTerraform, true)(this._lifecycleRules.internalValue),
      object_lock_configuration: cosBucketObjectLockConfigurationToTerraform(this._objectLockConfiguration.internalValue),
      origin_domain_rules: cdktn.listMapper(cosBucketOriginDomainRulesToTerraform, true)(this._originDomainRules.internalValue),
      origin_pull_rules: cdktn.listMapper(cosBucketOriginPullRulesToTerraform, true)(this._originPullRules.internalValue),
      replica_rules: cdktn.listMapper(cosBucketReplicaRulesToTerraform, true)(this._replicaRules.internalValue),
      website: cosBucketWebsiteToTerraform(this._website.internalValue),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      acceleration_enable: {
        value: cdktn.booleanToHclTerraform(this._accelerationEnable),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      acl: {
        value: cdktn.stringToHclTerraform(this._acl),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      acl_body: {
        value: cdktn.stringToHclTerraform(this._aclBody),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      bucket: {
        value: cdktn.stringToHclTerraform(this._bucket),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      cdc_id: {
        value: cdktn.stringToHclTerraform(this._cdcId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      chdfs_ofs: {
        value: cdktn.booleanToHclTerraform(this._chdfsOfs),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      cors_response_vary: {
        value: cdktn.stringToHclTerraform(this._corsResponseVary),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      enable_intelligent_tiering: {
        value: cdktn.booleanToHclTerraform(this._enableIntelligentTiering),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      encryption_algorithm: {
        value: cdktn.stringToHclTerraform(this._encryptionAlgorithm),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      force_clean: {
        value: cdktn.booleanToHclTerraform(this._forceClean),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      id: {
        value: cdktn.stringToHclTerraform(this._id),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      intelligent_tiering_days: {
        value: cdktn.numberToHclTerraform(this._intelligentTieringDays),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      intelligent_tiering_request_frequent: {
        value: cdktn.numberToHclTerraform(this._intelligentTieringRequestFrequent),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      kms_id: {
        value: cdktn.stringToHclTerraform(this._kmsId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      log_enable: {
        value: cdktn.booleanToHclTerraform(this._logEnable),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      log_prefix: {
        value: cdktn.stringToHclTerraform(this._logPrefix),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      log_target_bucket: {
        value: cdktn.stringToHclTerraform(this._logTargetBucket),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      multi_az: {
        value: cdktn.booleanToHclTerraform(this._multiAz),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      replica_role: {
        value: cdktn.stringToHclTerraform(this._replicaRole),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      tags: {
        value: cdktn.hashMapperHcl(cdktn.stringToHclTerraform)(this._tags),
        isBlock: false,
        type: "map",
        storageClassType: "stringMap",
      },
      versioning_enable: {
        value: cdktn.booleanToHclTerraform(this._versioningEnable),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      cors_rules: {
        value: cdktn.listMapperHcl(cosBucketCorsRulesToHclTerraform, true)(this._corsRules.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "CosBucketCorsRulesList",
      },
      intelligent_tiering_archiving_rule_list: {
        value: cdktn.listMapperHcl(cosBucketIntelligentTieringArchivingRuleListStructToHclTerraform, true)(this._intelligentTieringArchivingRuleList.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "CosBucketIntelligentTieringArchivingRuleListStructList",
      },
      lifecycle_rules: {
        value: cdktn.listMapperHcl(cosBucketLifecycleRulesToHclTerraform, true)(this._lifecycleRules.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "CosBucketLifecycleRulesList",
      },
      object_lock_configuration: {
        value: cosBucketObjectLockConfigurationToHclTerraform(this._objectLockConfiguration.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "CosBucketObjectLockConfigurationList",
      },
      origin_domain_rules: {
        value: cdktn.listMapperHcl(cosBucketOriginDomainRulesToHclTerraform, true)(this._originDomainRules.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "CosBucketOriginDomainRulesList",
      },
      origin_pull_rules: {
        value: cdktn.listMapperHcl(cosBucketOriginPullRulesToHclTerraform, true)(this._originPullRules.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "CosBucketOriginPullRulesList",
      },
      replica_rules: {
        value: cdktn.listMapperHcl(cosBucketReplicaRulesToHclTerraform, true)(this._replicaRules.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "CosBucketReplicaRulesList",
      },
      website: {
        value: cosBucketWebsiteToHclTerraform(this._website.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "CosBucketWebsiteList",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
