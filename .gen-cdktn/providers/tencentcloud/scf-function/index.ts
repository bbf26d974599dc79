// https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktn from 'cdktn';

// Configuration

export interface ScfFunctionConfig extends cdktn.TerraformMetaArguments {
  /**
  * Async execution switch: TRUE or FALSE.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#async_run_enable ScfFunction#async_run_enable}
  */
  readonly asyncRunEnable?: string;
  /**
  * CLS logset receiving function logs.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#cls_logset_id ScfFunction#cls_logset_id}
  */
  readonly clsLogsetId?: string;
  /**
  * CLS topic receiving function logs.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#cls_topic_id ScfFunction#cls_topic_id}
  */
  readonly clsTopicId?: string;
  /**
  * COS bucket holding the code package.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#cos_bucket_name ScfFunction#cos_bucket_name}
  */
  readonly cosBucketName?: string;
  /**
  * Region of the code bucket.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#cos_bucket_region ScfFunction#cos_bucket_region}
  */
  readonly cosBucketRegion?: string;
  /**
  * COS object key of the code package (.zip or .jar).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#cos_object_name ScfFunction#cos_object_name}
  */
  readonly cosObjectName?: string;
  /**
  * Free-text description (max 1000 chars).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#description ScfFunction#description}
  */
  readonly description?: string;
  /**
  * Cache DNS lookups (event functions only).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#dns_cache ScfFunction#dns_cache}
  */
  readonly dnsCache?: boolean | cdktn.IResolvable;
  /**
  * Use a fixed EIP for public access.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#enable_eip_config ScfFunction#enable_eip_config}
  */
  readonly enableEipConfig?: boolean | cdktn.IResolvable;
  /**
  * Allow outbound public network access.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#enable_public_net ScfFunction#enable_public_net}
  */
  readonly enablePublicNet?: boolean | cdktn.IResolvable;
  /**
  * Environment variables for the function.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#environment ScfFunction#environment}
  */
  readonly environment?: { [key: string]: string };
  /**
  * Event (default) or HTTP.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#func_type ScfFunction#func_type}
  */
  readonly funcType?: string;
  /**
  * Entry point in the form file.method.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#handler ScfFunction#handler}
  */
  readonly handler?: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#id ScfFunction#id}
  *
  * Please be aware that the id field is automatically added to all resources in Terraform providers using a Terraform provider SDK version below 2.
  * If you experience problems setting this value it might not be settable. Please take a look at the provider documentation to ensure it should be settable.
  */
  readonly id?: string;
  /**
  * Turn on L5 support.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#l5_enable ScfFunction#l5_enable}
  */
  readonly l5Enable?: boolean | cdktn.IResolvable;
  /**
  * Memory in MB, multiple of 128 (default 128).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#mem_size ScfFunction#mem_size}
  */
  readonly memSize?: number;
  /**
  * Function name, 2-60 chars, starts with a letter.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#name ScfFunction#name}
  */
  readonly name: string;
  /**
  * Namespace of the function (default "default").
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#namespace ScfFunction#namespace}
  */
  readonly namespace?: string;
  /**
  * CAM role the function runs as.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#role ScfFunction#role}
  */
  readonly role?: string;
  /**
  * Language runtime, e.g. Nodejs12.16 or Python3.6.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#runtime ScfFunction#runtime}
  */
  readonly runtime?: string;
  /**
  * Subnet the function is attached to.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#subnet_id ScfFunction#subnet_id}
  */
  readonly subnetId?: string;
  /**
  * Resource tags.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#tags ScfFunction#tags}
  */
  readonly tags?: { [key: string]: string };
  /**
  * Execution timeout in seconds, 1-900 (default 3).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#timeout ScfFunction#timeout}
  */
  readonly timeout?: number;
  /**
  * VPC the function is attached to.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#vpc_id ScfFunction#vpc_id}
  */
  readonly vpcId?: string;
  /**
  * Local zip file with the code.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#zip_file ScfFunction#zip_file}
  */
  readonly zipFile?: string;
  /**
  * cfs_config block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#cfs_config ScfFunction#cfs_config}
  */
  readonly cfsConfig?: ScfFunctionCfsConfig[] | cdktn.IResolvable;
  /**
  * image_config block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#image_config ScfFunction#image_config}
  */
  readonly imageConfig?: ScfFunctionImageConfig[] | cdktn.IResolvable;
  /**
  * instance_concurrency_config block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#instance_concurrency_config ScfFunction#instance_concurrency_config}
  */
  readonly instanceConcurrencyConfig?: ScfFunctionInstanceConcurrencyConfig;
  /**
  * intranet_config block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#intranet_config ScfFunction#intranet_config}
  */
  readonly intranetConfig?: ScfFunctionIntranetConfig;
  /**
  * layers block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#layers ScfFunction#layers}
  */
  readonly layers?: ScfFunctionLayers[] | cdktn.IResolvable;
  /**
  * triggers block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#triggers ScfFunction#triggers}
  */
  readonly triggers?: ScfFunctionTriggers[] | cdktn.IResolvable;
}
export interface ScfFunctionTriggerInfo {
}

export function scfFunctionTriggerInfoToTerraform(struct?: ScfFunctionTriggerInfo): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
  }
}


export function scfFunctionTriggerInfoToHclTerraform(struct?: ScfFunctionTriggerInfo): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
  };
  return attrs;
}

export class ScfFunctionTriggerInfoOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param complexObjectIndex the index of this item in the list
  * @param complexObjectIsFromSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean) {
    super(terraformResource, terraformAttribute, complexObjectIsFromSet, complexObjectIndex);
  }

  public get internalValue(): ScfFunctionTriggerInfo | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ScfFunctionTriggerInfo | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // create_time - computed: true, optional: false, required: false
  public get createTime() {
    return this.getStringAttribute('create_time');
  }

  // custom_argument - computed: true, optional: false, required: false
  public get customArgument() {
    return this.getStringAttribute('custom_argument');
  }

  // enable - computed: true, optional: false, required: false
  public get enable() {
    return this.getBooleanAttribute('enable');
  }

  // modify_time - computed: true, optional: false, required: false
  public get modifyTime() {
    return this.getStringAttribute('modify_time');
  }

  // name - computed: true, optional: false, required: false
  public get name() {
    return this.getStringAttribute('name');
  }

  // trigger_desc - computed: true, optional: false, required: false
  public get triggerDesc() {
    return this.getStringAttribute('trigger_desc');
  }

  // type - computed: true, optional: false, required: false
  public get type() {
    return this.getStringAttribute('type');
  }
}

export class ScfFunctionTriggerInfoList extends cdktn.ComplexList {

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
  public get(index: number): ScfFunctionTriggerInfoOutputReference {
    return new ScfFunctionTriggerInfoOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface ScfFunctionCfsConfig {
  /**
  * CFS file system ID.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#cfs_id ScfFunction#cfs_id}
  */
  readonly cfsId: string;
  /**
  * Mount path inside the function.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#local_mount_dir ScfFunction#local_mount_dir}
  */
  readonly localMountDir: string;
  /**
  * Mount target ID.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#mount_ins_id ScfFunction#mount_ins_id}
  */
  readonly mountInsId: string;
  /**
  * Path on the file system.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#remote_mount_dir ScfFunction#remote_mount_dir}
  */
  readonly remoteMountDir: string;
  /**
  * Group ID used for the mount.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#user_group_id ScfFunction#user_group_id}
  */
  readonly userGroupId: string;
  /**
  * User ID used for the mount.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#user_id ScfFunction#user_id}
  */
  readonly userId: string;
}

export function scfFunctionCfsConfigToTerraform(struct?: ScfFunctionCfsConfig | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    cfs_id: cdktn.stringToTerraform(struct!.cfsId),
    local_mount_dir: cdktn.stringToTerraform(struct!.localMountDir),
    mount_ins_id: cdktn.stringToTerraform(struct!.mountInsId),
    remote_mount_dir: cdktn.stringToTerraform(struct!.remoteMountDir),
    user_group_id: cdktn.stringToTerraform(struct!.userGroupId),
    user_id: cdktn.stringToTerraform(struct!.userId),
  }
}


export function scfFunctionCfsConfigToHclTerraform(struct?: ScfFunctionCfsConfig | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    cfs_id: {
      value: cdktn.stringToHclTerraform(struct!.cfsId),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    local_mount_dir: {
      value: cdktn.stringToHclTerraform(struct!.localMountDir),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    mount_ins_id: {
      value: cdktn.stringToHclTerraform(struct!.mountInsId),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    remote_mount_dir: {
      value: cdktn.stringToHclTerraform(struct!.remoteMountDir),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    user_group_id: {
      value: cdktn.stringToHclTerraform(struct!.userGroupId),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    user_id: {
      value: cdktn.stringToHclTerraform(struct!.userId),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ScfFunctionCfsConfigOutputReference extends cdktn.ComplexObject {
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

  public get internalValue(): ScfFunctionCfsConfig | cdktn.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._cfsId !== undefined) {
      hasAnyValues = true;
      internalValueResult.cfsId = this._cfsId;
    }
    if (this._localMountDir !== undefined) {
      hasAnyValues = true;
      internalValueResult.localMountDir = this._localMountDir;
    }
    if (this._mountInsId !== undefined) {
      hasAnyValues = true;
      internalValueResult.mountInsId = this._mountInsId;
    }
    if (this._remoteMountDir !== undefined) {
      hasAnyValues = true;
      internalValueResult.remoteMountDir = this._remoteMountDir;
    }
    if (this._userGroupId !== undefined) {
      hasAnyValues = true;
      internalValueResult.userGroupId = this._userGroupId;
    }
    if (this._userId !== undefined) {
      hasAnyValues = true;
      internalValueResult.userId = this._userId;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ScfFunctionCfsConfig | cdktn.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._cfsId = undefined;
      this._localMountDir = undefined;
      this._mountInsId = undefined;
      this._remoteMountDir = undefined;
      this._userGroupId = undefined;
      this._userId = undefined;
    }
    else if (cdktn.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._cfsId = value.cfsId;
      this._localMountDir = value.localMountDir;
      this._mountInsId = value.mountInsId;
      this._remoteMountDir = value.remoteMountDir;
      this._userGroupId = value.userGroupId;
      this._userId = value.userId;
    }
  }

  // cfs_id - computed: false, optional: false, required: true
  private _cfsId?: string; 
  public get cfsId() {
    return this.getStringAttribute('cfs_id');
  }
  public set cfsId(value: string) {
    this._cfsId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get cfsIdInput() {
    return this._cfsId;
  }

  // ip_address - computed: true, optional: false, required: false
  public get ipAddress() {
    return this.getStringAttribute('ip_address');
  }

  // local_mount_dir - computed: false, optional: false, required: true
  private _localMountDir?: string; 
  public get localMountDir() {
    return this.getStringAttribute('local_mount_dir');
  }
  public set localMountDir(value: string) {
    this._localMountDir = value;
  }
  // Temporarily expose input value. Use with caution.
  public get localMountDirInput() {
    return this._localMountDir;
  }

  // mount_ins_id - computed: false, optional: false, required: true
  private _mountInsId?: string; 
  public get mountInsId() {
    return this.getStringAttribute('mount_ins_id');
  }
  public set mountInsId(value: string) {
    this._mountInsId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get mountInsIdInput() {
    return this._mountInsId;
  }

  // mount_subnet_id - computed: true, optional: false, required: false
  public get mountSubnetId() {
    return this.getStringAttribute('mount_subnet_id');
  }

  // mount_vpc_id - computed: true, optional: false, required: false
  public get mountVpcId() {
    return this.getStringAttribute('mount_vpc_id');
  }

  // remote_mount_dir - computed: false, optional: false, required: true
  private _remoteMountDir?: string; 
  public get remoteMountDir() {
    return this.getStringAttribute('remote_mount_dir');
  }
  public set remoteMountDir(value: string) {
    this._remoteMountDir = value;
  }
  // Temporarily expose input value. Use with caution.
  public get remoteMountDirInput() {
    return this._remoteMountDir;
  }

  // user_group_id - computed: false, optional: false, required: true
  private _userGroupId?: string; 
  public get userGroupId() {
    return this.getStringAttribute('user_group_id');
  }
  public set userGroupId(value: string) {
    this._userGroupId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get userGroupIdInput() {
    return this._userGroupId;
  }

  // user_id - computed: false, optional: false, required: true
  private _userId?: string; 
  public get userId() {
    return this.getStringAttribute('user_id');
  }
  public set userId(value: string) {
    this._userId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get userIdInput() {
    return this._userId;
  }
}

export class ScfFunctionCfsConfigList extends cdktn.ComplexList {
  public internalValue? : ScfFunctionCfsConfig[] | cdktn.IResolvable

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
  public get(index: number): ScfFunctionCfsConfigOutputReference {
    return new ScfFunctionCfsConfigOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface ScfFunctionImageConfig {
  /**
  * Arguments for the command.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#args ScfFunction#args}
  */
  readonly args?: string;
  /**
  * Container command.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#command ScfFunction#command}
  */
  readonly command?: string;
  /**
  * Turn on image acceleration.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#container_image_accelerate ScfFunction#container_image_accelerate}
  */
  readonly containerImageAccelerate?: boolean | cdktn.IResolvable;
  /**
  * Container entry point.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#entry_point ScfFunction#entry_point}
  */
  readonly entryPoint?: string;
  /**
  * Listening port of the image (default 9000, -1 for none).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#image_port ScfFunction#image_port}
  */
  readonly imagePort?: number;
  /**
  * Registry kind: personal or enterprise.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#image_type ScfFunction#image_type}
  */
  readonly imageType: string;
  /**
  * Image reference with tag and/or digest.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#image_uri ScfFunction#image_uri}
  */
  readonly imageUri: string;
  /**
  * TCR enterprise registry ID.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#registry_id ScfFunction#registry_id}
  */
  readonly registryId?: string;
}

export function scfFunctionImageConfigToTerraform(struct?: ScfFunctionImageConfig | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    args: cdktn.stringToTerraform(struct!.args),
    command: cdktn.stringToTerraform(struct!.command),
    container_image_accelerate: cdktn.booleanToTerraform(struct!.containerImageAccelerate),
    entry_point: cdktn.stringToTerraform(struct!.entryPoint),
    image_port: cdktn.numberToTerraform(struct!.imagePort),
    image_type: cdktn.stringToTerraform(struct!.imageType),
    image_uri: cdktn.stringToTerraform(struct!.imageUri),
    registry_id: cdktn.stringToTerraform(struct!.registryId),
  }
}


export function scfFunctionImageConfigToHclTerraform(struct?: ScfFunctionImageConfig | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    args: {
      value: cdktn.stringToHclTerraform(struct!.args),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    command: {
      value: cdktn.stringToHclTerraform(struct!.command),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    container_image_accelerate: {
      value: cdktn.booleanToHclTerraform(struct!.containerImageAccelerate),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    entry_point: {
      value: cdktn.stringToHclTerraform(struct!.entryPoint),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    image_port: {
      value: cdktn.numberToHclTerraform(struct!.imagePort),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    image_type: {
      value: cdktn.stringToHclTerraform(struct!.imageType),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    image_uri: {
      value: cdktn.stringToHclTerraform(struct!.imageUri),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    registry_id: {
      value: cdktn.stringToHclTerraform(struct!.registryId),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ScfFunctionImageConfigOutputReference extends cdktn.ComplexObject {
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

  public get internalValue(): ScfFunctionImageConfig | cdktn.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._args !== undefined) {
      hasAnyValues = true;
      internalValueResult.args = this._args;
    }
    if (this._command !== undefined) {
      hasAnyValues = true;
      internalValueResult.command = this._command;
    }
    if (this._containerImageAccelerate !== undefined) {
      hasAnyValues = true;
      internalValueResult.containerImageAccelerate = this._containerImageAccelerate;
    }
    if (this._entryPoint !== undefined) {
      hasAnyValues = true;
      internalValueResult.entryPoint = this._entryPoint;
    }
    if (this._imagePort !== undefined) {
      hasAnyValues = true;
      internalValueResult.imagePort = this._imagePort;
    }
    if (this._imageType !== undefined) {
      hasAnyValues = true;
      internalValueResult.imageType = this._imageType;
    }
    if (this._imageUri !== undefined) {
      hasAnyValues = true;
      internalValueResult.imageUri = this._imageUri;
    }
    if (this._registryId !== undefined) {
      hasAnyValues = true;
      internalValueResult.registryId = this._registryId;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ScfFunctionImageConfig | cdktn.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._args = undefined;
      this._command = undefined;
      this._containerImageAccelerate = undefined;
      this._entryPoint = undefined;
      this._imagePort = undefined;
      this._imageType = undefined;
      this._imageUri = undefined;
      this._registryId = undefined;
    }
    else if (cdktn.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._args = value.args;
      this._command = value.command;
      this._containerImageAccelerate = value.containerImageAccelerate;
      this._entryPoint = value.entryPoint;
      this._imagePort = value.imagePort;
      this._imageType = value.imageType;
      this._imageUri = value.imageUri;
      this._registryId = value.registryId;
    }
  }

  // args - computed: false, optional: true, required: false
  private _args?: string; 
  public get args() {
    return this.getStringAttribute('args');
  }
  public set args(value: string) {
    this._args = value;
  }
  public resetArgs() {
    this._args = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get argsInput() {
    return this._args;
  }

  // command - computed: false, optional: true, required: false
  private _command?: string; 
  public get command() {
    return this.getStringAttribute('command');
  }
  public set command(value: string) {
    this._command = value;
  }
  public resetCommand() {
    this._command = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get commandInput() {
    return this._command;
  }

  // container_image_accelerate - computed: false, optional: true, required: false
  private _containerImageAccelerate?: boolean | cdktn.IResolvable; 
  public get containerImageAccelerate() {
    return this.getBooleanAttribute('container_image_accelerate');
  }
  public set containerImageAccelerate(value: boolean | cdktn.IResolvable) {
    this._containerImageAccelerate = value;
  }
  public resetContainerImageAccelerate() {
    this._containerImageAccelerate = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get containerImageAccelerateInput() {
    return this._containerImageAccelerate;
  }

  // entry_point - computed: false, optional: true, required: false
  private _entryPoint?: string; 
  public get entryPoint() {
    return this.getStringAttribute('entry_point');
  }
  public set entryPoint(value: string) {
    this._entryPoint = value;
  }
  public resetEntryPoint() {
    this._entryPoint = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get entryPointInput() {
    return this._entryPoint;
  }

  // image_port - computed: false, optional: true, required: false
  private _imagePort?: number; 
  public get imagePort() {
    return this.getNumberAttribute('image_port');
  }
  public set imagePort(value: number) {
    this._imagePort = value;
  }
  public resetImagePort() {
    this._imagePort = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get imagePortInput() {
    return this._imagePort;
  }

  // image_type - computed: false, optional: false, required: true
  private _imageType?: string; 
  public get imageType() {
    return this.getStringAttribute('image_type');
  }
  public set imageType(value: string) {
    this._imageType = value;
  }
  // Temporarily expose input value. Use with caution.
  public get imageTypeInput() {
    return this._imageType;
  }

  // image_uri - computed: false, optional: false, required: true
  private _imageUri?: string; 
  public get imageUri() {
    return this.getStringAttribute('image_uri');
  }
  public set imageUri(value: string) {
    this._imageUri = value;
  }
  // Temporarily expose input value. Use with caution.
  public get imageUriInput() {
    return this._imageUri;
  }

  // registry_id - computed: false, optional: true, required: false
  private _registryId?: string; 
  public get registryId() {
    return this.getStringAttribute('registry_id');
  }
  public set registryId(value: string) {
    this._registryId = value;
  }
  public resetRegistryId() {
    this._registryId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get registryIdInput() {
    return this._registryId;
  }
}

export class ScfFunctionImageConfigList extends cdktn.ComplexList {
  public internalValue? : ScfFunctionImageConfig[] | cdktn.IResolvable

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
  public get(index: number): ScfFunctionImageConfigOutputReference {
    return new ScfFunctionImageConfigOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface ScfFunctionInstanceConcurrencyConfigMixNodeConfig {
  /**
  * GPU model.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#node_spec ScfFunction#node_spec}
  */
  readonly nodeSpec?: string;
  /**
  * Instance count for this node type.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#num ScfFunction#num}
  */
  readonly num?: number;
}

export function scfFunctionInstanceConcurrencyConfigMixNodeConfigToTerraform(struct?: ScfFunctionInstanceConcurrencyConfigMixNodeConfig | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    node_spec: cdktn.stringToTerraform(struct!.nodeSpec),
    num: cdktn.numberToTerraform(struct!.num),
  }
}


export function scfFunctionInstanceConcurrencyConfigMixNodeConfigToHclTerraform(struct?: ScfFunctionInstanceConcurrencyConfigMixNodeConfig | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    node_spec: {
      value: cdktn.stringToHclTerraform(struct!.nodeSpec),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    num: {
      value: cdktn.numberToHclTerraform(struct!.num),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ScfFunctionInstanceConcurrencyConfigMixNodeConfigOutputReference extends cdktn.ComplexObject {
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

  public get internalValue(): ScfFunctionInstanceConcurrencyConfigMixNodeConfig | cdktn.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._nodeSpec !== undefined) {
      hasAnyValues = true;
      internalValueResult.nodeSpec = this._nodeSpec;
    }
    if (this._num !== undefined) {
      hasAnyValues = true;
      internalValueResult.num = this._num;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ScfFunctionInstanceConcurrencyConfigMixNodeConfig | cdktn.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._nodeSpec = undefined;
      this._num = undefined;
    }
    else if (cdktn.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._nodeSpec = value.nodeSpec;
      this._num = value.num;
    }
  }

  // node_spec - computed: false, optional: true, required: false
  private _nodeSpec?: string; 
  public get nodeSpec() {
    return this.getStringAttribute('node_spec');
  }
  public set nodeSpec(value: string) {
    this._nodeSpec = value;
  }
  public resetNodeSpec() {
    this._nodeSpec = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get nodeSpecInput() {
    return this._nodeSpec;
  }

  // num - computed: false, optional: true, required: false
  private _num?: number; 
  public get num() {
    return this.getNumberAttribute('num');
  }
  public set num(value: number) {
    this._num = value;
  }
  public resetNum() {
    this._num = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get numInput() {
    return this._num;
  }
}

export class ScfFunctionInstanceConcurrencyConfigMixNodeConfigList extends cdktn.ComplexList {
  public internalValue? : ScfFunctionInstanceConcurrencyConfigMixNodeConfig[] | cdktn.IResolvable

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
  public get(index: number): ScfFunctionInstanceConcurrencyConfigMixNodeConfigOutputReference {
    return new ScfFunctionInstanceConcurrencyConfigMixNodeConfigOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface ScfFunctionInstanceConcurrencyConfigSessionConfig {
  /**
  * On idle: FATAL (destroy) or PAUSE.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#idle_timeout_strategy ScfFunction#idle_timeout_strategy}
  */
  readonly idleTimeoutStrategy?: string;
  /**
  * Max sessions per instance.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#maximum_concurrency_session_per_instance ScfFunction#maximum_concurrency_session_per_instance}
  */
  readonly maximumConcurrencySessionPerInstance?: number;
  /**
  * Idle time in seconds before a session ends.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#maximum_idle_time_in_seconds ScfFunction#maximum_idle_time_in_seconds}
  */
  readonly maximumIdleTimeInSeconds?: number;
  /**
  * Max session lifetime in seconds.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#maximum_ttl_in_seconds ScfFunction#maximum_ttl_in_seconds}
  */
  readonly maximumTtlInSeconds?: number;
  /**
  * Name of the session key.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#session_name ScfFunction#session_name}
  */
  readonly sessionName?: string;
  /**
  * Session path.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#session_path ScfFunction#session_path}
  */
  readonly sessionPath?: string;
  /**
  * Where the session key comes from: HEADER, COOKIE or QUERY_STRING.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#session_source ScfFunction#session_source}
  */
  readonly sessionSource?: string;
}

export function scfFunctionInstanceConcurrencyConfigSessionConfigToTerraform(struct?: ScfFunctionInstanceConcurrencyConfigSessionConfigOutputReference | ScfFunctionInstanceConcurrencyConfigSessionConfig): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    idle_timeout_strategy: cdktn.stringToTerraform(struct!.idleTimeoutStrategy),
    maximum_concurrency_session_per_instance: cdktn.numberToTerraform(struct!.maximumConcurrencySessionPerInstance),
    maximum_idle_time_in_seconds: cdktn.numberToTerraform(struct!.maximumIdleTimeInSeconds),
    maximum_ttl_in_seconds: cdktn.numberToTerraform(struct!.maximumTtlInSeconds),
    session_name: cdktn.stringToTerraform(struct!.sessionName),
    session_path: cdktn.stringToTerraform(struct!.sessionPath),
    session_source: cdktn.stringToTerraform(struct!.sessionSource),
  }
}


export function scfFunctionInstanceConcurrencyConfigSessionConfigToHclTerraform(struct?: ScfFunctionInstanceConcurrencyConfigSessionConfigOutputReference | ScfFunctionInstanceConcurrencyConfigSessionConfig): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    idle_timeout_strategy: {
      value: cdktn.stringToHclTerraform(struct!.idleTimeoutStrategy),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    maximum_concurrency_session_per_instance: {
      value: cdktn.numberToHclTerraform(struct!.maximumConcurrencySessionPerInstance),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    maximum_idle_time_in_seconds: {
      value: cdktn.numberToHclTerraform(struct!.maximumIdleTimeInSeconds),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    maximum_ttl_in_seconds: {
      value: cdktn.numberToHclTerraform(struct!.maximumTtlInSeconds),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    session_name: {
      value: cdktn.stringToHclTerraform(struct!.sessionName),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    session_path: {
      value: cdktn.stringToHclTerraform(struct!.sessionPath),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    session_source: {
      value: cdktn.stringToHclTerraform(struct!.sessionSource),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ScfFunctionInstanceConcurrencyConfigSessionConfigOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): ScfFunctionInstanceConcurrencyConfigSessionConfig | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._idleTimeoutStrategy !== undefined) {
      hasAnyValues = true;
      internalValueResult.idleTimeoutStrategy = this._idleTimeoutStrategy;
    }
    if (this._maximumConcurrencySessionPerInstance !== undefined) {
      hasAnyValues = true;
      internalValueResult.maximumConcurrencySessionPerInstance = this._maximumConcurrencySessionPerInstance;
    }
    if (this._maximumIdleTimeInSeconds !== undefined) {
      hasAnyValues = true;
      internalValueResult.maximumIdleTimeInSeconds = this._maximumIdleTimeInSeconds;
    }
    if (this._maximumTtlInSeconds !== undefined) {
      hasAnyValues = true;
      internalValueResult.maximumTtlInSeconds = this._maximumTtlInSeconds;
    }
    if (this._sessionName !== undefined) {
      hasAnyValues = true;
      internalValueResult.sessionName = this._sessionName;
    }
    if (this._sessionPath !== undefined) {
      hasAnyValues = true;
      internalValueResult.sessionPath = this._sessionPath;
    }
    if (this._sessionSource !== undefined) {
      hasAnyValues = true;
      internalValueResult.sessionSource = this._sessionSource;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ScfFunctionInstanceConcurrencyConfigSessionConfig | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._idleTimeoutStrategy = undefined;
      this._maximumConcurrencySessionPerInstance = undefined;
      this._maximumIdleTimeInSeconds = undefined;
      this._maximumTtlInSeconds = undefined;
      this._sessionName = undefined;
      this._sessionPath = undefined;
      this._sessionSource = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._idleTimeoutStrategy = value.idleTimeoutStrategy;
      this._maximumConcurrencySessionPerInstance = value.maximumConcurrencySessionPerInstance;
      this._maximumIdleTimeInSeconds = value.maximumIdleTimeInSeconds;
      this._maximumTtlInSeconds = value.maximumTtlInSeconds;
      this._sessionName = value.sessionName;
      this._sessionPath = value.sessionPath;
      this._sessionSource = value.sessionSource;
    }
  }

  // idle_timeout_strategy - computed: false, optional: true, required: false
  private _idleTimeoutStrategy?: string; 
  public get idleTimeoutStrategy() {
    return this.getStringAttribute('idle_timeout_strategy');
  }
  public set idleTimeoutStrategy(value: string) {
    this._idleTimeoutStrategy = value;
  }
  public resetIdleTimeoutStrategy() {
    this._idleTimeoutStrategy = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get idleTimeoutStrategyInput() {
    return this._idleTimeoutStrategy;
  }

  // maximum_concurrency_session_per_instance - computed: false, optional: true, required: false
  private _maximumConcurrencySessionPerInstance?: number; 
  public get maximumConcurrencySessionPerInstance() {
    return this.getNumberAttribute('maximum_concurrency_session_per_instance');
  }
  public set maximumConcurrencySessionPerInstance(value: number) {
    this._maximumConcurrencySessionPerInstance = value;
  }
  public resetMaximumConcurrencySessionPerInstance() {
    this._maximumConcurrencySessionPerInstance = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get maximumConcurrencySessionPerInstanceInput() {
    return this._maximumConcurrencySessionPerInstance;
  }

  // maximum_idle_time_in_seconds - computed: false, optional: true, required: false
  private _maximumIdleTimeInSeconds?: number; 
  public get maximumIdleTimeInSeconds() {
    return this.getNumberAttribute('maximum_idle_time_in_seconds');
  }
  public set maximumIdleTimeInSeconds(value: number) {
    this._maximumIdleTimeInSeconds = value;
  }
  public resetMaximumIdleTimeInSeconds() {
    this._maximumIdleTimeInSeconds = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get maximumIdleTimeInSecondsInput() {
    return this._maximumIdleTimeInSeconds;
  }

  // maximum_ttl_in_seconds - computed: false, optional: true, required: false
  private _maximumTtlInSeconds?: number; 
  public get maximumTtlInSeconds() {
    return this.getNumberAttribute('maximum_ttl_in_seconds');
  }
  public set maximumTtlInSeconds(value: number) {
    this._maximumTtlInSeconds = value;
  }
  public resetMaximumTtlInSeconds() {
    this._maximumTtlInSeconds = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get maximumTtlInSecondsInput() {
    return this._maximumTtlInSeconds;
  }

  // session_name - computed: false, optional: true, required: false
  private _sessionName?: string; 
  public get sessionName() {
    return this.getStringAttribute('session_name');
  }
  public set sessionName(value: string) {
    this._sessionName = value;
  }
  public resetSessionName() {
    this._sessionName = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get sessionNameInput() {
    return this._sessionName;
  }

  // session_path - computed: false, optional: true, required: false
  private _sessionPath?: string; 
  public get sessionPath() {
    return this.getStringAttribute('session_path');
  }
  public set sessionPath(value: string) {
    this._sessionPath = value;
  }
  public resetSessionPath() {
    this._sessionPath = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get sessionPathInput() {
    return this._sessionPath;
  }

  // session_source - computed: false, optional: true, required: false
  private _sessionSource?: string; 
  public get sessionSource() {
    return this.getStringAttribute('session_source');
  }
  public set sessionSource(value: string) {
    this._sessionSource = value;
  }
  public resetSessionSource() {
    this._sessionSource = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get sessionSourceInput() {
    return this._sessionSource;
  }
}
export interface ScfFunctionInstanceConcurrencyConfig {
  /**
  * Dynamic concurrency: TRUE or FALSE.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#dynamic_enabled ScfFunction#dynamic_enabled}
  */
  readonly dynamicEnabled?: string;
  /**
  * Instance isolation: TRUE or FALSE.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#instance_isolation_enabled ScfFunction#instance_isolation_enabled}
  */
  readonly instanceIsolationEnabled?: string;
  /**
  * Max concurrent requests per instance, 1-100.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#max_concurrency ScfFunction#max_concurrency}
  */
  readonly maxConcurrency?: number;
  /**
  * Session-Based or Request-Based.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#type ScfFunction#type}
  */
  readonly type?: string;
  /**
  * mix_node_config block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#mix_node_config ScfFunction#mix_node_config}
  */
  readonly mixNodeConfig?: ScfFunctionInstanceConcurrencyConfigMixNodeConfig[] | cdktn.IResolvable;
  /**
  * session_config block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#session_config ScfFunction#session_config}
  */
  readonly sessionConfig?: ScfFunctionInstanceConcurrencyConfigSessionConfig;
}

export function scfFunctionInstanceConcurrencyConfigToTerraform(struct?: ScfFunctionInstanceConcurrencyConfigOutputReference | ScfFunctionInstanceConcurrencyConfig): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    dynamic_enabled: cdktn.stringToTerraform(struct!.dynamicEnabled),
    instance_isolation_enabled: cdktn.stringToTerraform(struct!.instanceIsolationEnabled),
    max_concurrency: cdktn.numberToTerraform(struct!.maxConcurrency),
    type: cdktn.stringToTerraform(struct!.type),
    mix_node_config: cdktn.listMapper(scfFunctionInstanceConcurrencyConfigMixNodeConfigToTerraform, true)(struct!.mixNodeConfig),
    session_config: scfFunctionInstanceConcurrencyConfigSessionConfigToTerraform(struct!.sessionConfig),
  }
}


export function scfFunctionInstanceConcurrencyConfigToHclTerraform(struct?: ScfFunctionInstanceConcurrencyConfigOutputReference | ScfFunctionInstanceConcurrencyConfig): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    dynamic_enabled: {
      value: cdktn.stringToHclTerraform(struct!.dynamicEnabled),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    instance_isolation_enabled: {
      value: cdktn.stringToHclTerraform(struct!.instanceIsolationEnabled),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    max_concurrency: {
      value: cdktn.numberToHclTerraform(struct!.maxConcurrency),
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
    mix_node_config: {
      value: cdktn.listMapperHcl(scfFunctionInstanceConcurrencyConfigMixNodeConfigToHclTerraform, true)(struct!.mixNodeConfig),
      isBlock: true,
      type: "list",
      storageClassType: "ScfFunctionInstanceConcurrencyConfigMixNodeConfigList",
    },
    session_config: {
      value: scfFunctionInstanceConcurrencyConfigSessionConfigToHclTerraform(struct!.sessionConfig),
      isBlock: true,
      type: "list",
      storageClassType: "ScfFunctionInstanceConcurrencyConfigSessionConfigList",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ScfFunctionInstanceConcurrencyConfigOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): ScfFunctionInstanceConcurrencyConfig | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._dynamicEnabled !== undefined) {
      hasAnyValues = true;
      internalValueResult.dynamicEnabled = this._dynamicEnabled;
    }
    if (this._instanceIsolationEnabled !== undefined) {
      hasAnyValues = true;
      internalValueResult.instanceIsolationEnabled = this._instanceIsolationEnabled;
    }
    if (this._maxConcurrency !== undefined) {
      hasAnyValues = true;
      internalValueResult.maxConcurrency = this._maxConcurrency;
    }
    if (this._type !== undefined) {
      hasAnyValues = true;
      internalValueResult.type = this._type;
    }
    if (this._mixNodeConfig?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.mixNodeConfig = this._mixNodeConfig?.internalValue;
    }
    if (this._sessionConfig?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.sessionConfig = this._sessionConfig?.internalValue;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ScfFunctionInstanceConcurrencyConfig | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._dynamicEnabled = undefined;
      this._instanceIsolationEnabled = undefined;
      this._maxConcurrency = undefined;
      this._type = undefined;
      this._mixNodeConfig.internalValue = undefined;
      this._sessionConfig.internalValue = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._dynamicEnabled = value.dynamicEnabled;
      this._instanceIsolationEnabled = value.instanceIsolationEnabled;
      this._maxConcurrency = value.maxConcurrency;
      this._type = value.type;
      this._mixNodeConfig.internalValue = value.mixNodeConfig;
      this._sessionConfig.internalValue = value.sessionConfig;
    }
  }

  // dynamic_enabled - computed: false, optional: true, required: false
  private _dynamicEnabled?: string; 
  public get dynamicEnabled() {
    return this.getStringAttribute('dynamic_enabled');
  }
  public set dynamicEnabled(value: string) {
    this._dynamicEnabled = value;
  }
  public resetDynamicEnabled() {
    this._dynamicEnabled = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get dynamicEnabledInput() {
    return this._dynamicEnabled;
  }

  // instance_isolation_enabled - computed: false, optional: true, required: false
  private _instanceIsolationEnabled?: string; 
  public get instanceIsolationEnabled() {
    return this.getStringAttribute('instance_isolation_enabled');
  }
  public set instanceIsolationEnabled(value: string) {
    this._instanceIsolationEnabled = value;
  }
  public resetInstanceIsolationEnabled() {
    this._instanceIsolationEnabled = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get instanceIsolationEnabledInput() {
    return this._instanceIsolationEnabled;
  }

  // max_concurrency - computed: false, optional: true, required: false
  private _maxConcurrency?: number; 
  public get maxConcurrency() {
    return this.getNumberAttribute('max_concurrency');
  }
  public set maxConcurrency(value: number) {
    this._maxConcurrency = value;
  }
  public resetMaxConcurrency() {
    this._maxConcurrency = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get maxConcurrencyInput() {
    return this._maxConcurrency;
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

  // mix_node_config - computed: false, optional: true, required: false
  private _mixNodeConfig = new ScfFunctionInstanceConcurrencyConfigMixNodeConfigList(this, "mix_node_config", false);
  public get mixNodeConfig() {
    return this._mixNodeConfig;
  }
  public putMixNodeConfig(value: ScfFunctionInstanceConcurrencyConfigMixNodeConfig[] | cdktn.IResolvable) {
    this._mixNodeConfig.internalValue = value;
  }
  public resetMixNodeConfig() {
    this._mixNodeConfig.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get mixNodeConfigInput() {
    return this._mixNodeConfig.internalValue;
  }

  // session_config - computed: false, optional: true, required: false
  private _sessionConfig = new ScfFunctionInstanceConcurrencyConfigSessionConfigOutputReference(this, "session_config");
  public get sessionConfig() {
    return this._sessionConfig;
  }
  public putSessionConfig(value: ScfFunctionInstanceConcurrencyConfigSessionConfig) {
    this._sessionConfig.internalValue = value;
  }
  public resetSessionConfig() {
    this._sessionConfig.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get sessionConfigInput() {
    return this._sessionConfig.internalValue;
  }
}
export interface ScfFunctionIntranetConfig {
  /**
  * Fixed private IP: ENABLE or DISABLE.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#ip_fixed ScfFunction#ip_fixed}
  */
  readonly ipFixed: string;
}

export function scfFunctionIntranetConfigToTerraform(struct?: ScfFunctionIntranetConfigOutputReference | ScfFunctionIntranetConfig): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    ip_fixed: cdktn.stringToTerraform(struct!.ipFixed),
  }
}


export function scfFunctionIntranetConfigToHclTerraform(struct?: ScfFunctionIntranetConfigOutputReference | ScfFunctionIntranetConfig): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    ip_fixed: {
      value: cdktn.stringToHclTerraform(struct!.ipFixed),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ScfFunctionIntranetConfigOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): ScfFunctionIntranetConfig | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._ipFixed !== undefined) {
      hasAnyValues = true;
      internalValueResult.ipFixed = this._ipFixed;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ScfFunctionIntranetConfig | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._ipFixed = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._ipFixed = value.ipFixed;
    }
  }

  // ip_address - computed: true, optional: false, required: false
  public get ipAddress() {
    return this.getListAttribute('ip_address');
  }

  // ip_fixed - computed: false, optional: false, required: true
  private _ipFixed?: string; 
  public get ipFixed() {
    return this.getStringAttribute('ip_fixed');
  }
  public set ipFixed(value: string) {
    this._ipFixed = value;
  }
  // Temporarily expose input value. Use with caution.
  public get ipFixedInput() {
    return this._ipFixed;
  }
}
export interface ScfFunctionLayers {
  /**
  * Layer name.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#layer_name ScfFunction#layer_name}
  */
  readonly layerName: string;
  /**
  * Layer version number.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#layer_version ScfFunction#layer_version}
  */
  readonly layerVersion: number;
}

export function scfFunctionLayersToTerraform(struct?: ScfFunctionLayers | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    layer_name: cdktn.stringToTerraform(struct!.layerName),
    layer_version: cdktn.numberToTerraform(struct!.layerVersion),
  }
}


export function scfFunctionLayersToHclTerraform(struct?: ScfFunctionLayers | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    layer_name: {
      value: cdktn.stringToHclTerraform(struct!.layerName),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    layer_version: {
      value: cdktn.numberToHclTerraform(struct!.layerVersion),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ScfFunctionLayersOutputReference extends cdktn.ComplexObject {
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

  public get internalValue(): ScfFunctionLayers | cdktn.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._layerName !== undefined) {
      hasAnyValues = true;
      internalValueResult.layerName = this._layerName;
    }
    if (this._layerVersion !== undefined) {
      hasAnyValues = true;
      internalValueResult.layerVersion = this._layerVersion;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ScfFunctionLayers | cdktn.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._layerName = undefined;
      this._layerVersion = undefined;
    }
    else if (cdktn.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._layerName = value.layerName;
      this._layerVersion = value.layerVersion;
    }
  }

  // layer_name - computed: false, optional: false, required: true
  private _layerName?: string; 
  public get layerName() {
    return this.getStringAttribute('layer_name');
  }
  public set layerName(value: string) {
    this._layerName = value;
  }
  // Temporarily expose input value. Use with caution.
  public get layerNameInput() {
    return this._layerName;
  }

  // layer_version - computed: false, optional: false, required: true
  private _layerVersion?: number; 
  public get layerVersion() {
    return this.getNumberAttribute('layer_version');
  }
  public set layerVersion(value: number) {
    this._layerVersion = value;
  }
  // Temporarily expose input value. Use with caution.
  public get layerVersionInput() {
    return this._layerVersion;
  }
}

export class ScfFunctionLayersList extends cdktn.ComplexList {
  public internalValue? : ScfFunctionLayers[] | cdktn.IResolvable

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
  public get(index: number): ScfFunctionLayersOutputReference {
    return new ScfFunctionLayersOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface ScfFunctionTriggers {
  /**
  * Bucket region for cos triggers.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#cos_region ScfFunction#cos_region}
  */
  readonly cosRegion?: string;
  /**
  * Trigger name; format depends on the trigger type.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#name ScfFunction#name}
  */
  readonly name: string;
  /**
  * Type specific trigger settings (cron or JSON).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#trigger_desc ScfFunction#trigger_desc}
  */
  readonly triggerDesc: string;
  /**
  * Trigger type such as timer, cos or ckafka.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#type ScfFunction#type}
  */
  readonly type: string;
}

export function scfFunctionTriggersToTerraform(struct?: ScfFunctionTriggers | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    cos_region: cdktn.stringToTerraform(struct!.cosRegion),
    name: cdktn.stringToTerraform(struct!.name),
    trigger_desc: cdktn.stringToTerraform(struct!.triggerDesc),
    type: cdktn.stringToTerraform(struct!.type),
  }
}


export function scfFunctionTriggersToHclTerraform(struct?: ScfFunctionTriggers | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    cos_region: {
      value: cdktn.stringToHclTerraform(struct!.cosRegion),
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
    trigger_desc: {
      value: cdktn.stringToHclTerraform(struct!.triggerDesc),
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

export class ScfFunctionTriggersOutputReference extends cdktn.ComplexObject {
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

  public get internalValue(): ScfFunctionTriggers | cdktn.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._cosRegion !== undefined) {
      hasAnyValues = true;
      internalValueResult.cosRegion = this._cosRegion;
    }
    if (this._name !== undefined) {
      hasAnyValues = true;
      internalValueResult.name = this._name;
    }
    if (this._triggerDesc !== undefined) {
      hasAnyValues = true;
      internalValueResult.triggerDesc = this._triggerDesc;
    }
    if (this._type !== undefined) {
      hasAnyValues = true;
      internalValueResult.type = this._type;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ScfFunctionTriggers | cdktn.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._cosRegion = undefined;
      this._name = undefined;
      this._triggerDesc = undefined;
      this._type = undefined;
    }
    else if (cdktn.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._cosRegion = value.cosRegion;
      this._name = value.name;
      this._triggerDesc = value.triggerDesc;
      this._type = value.type;
    }
  }

  // cos_region - computed: false, optional: true, required: false
  private _cosRegion?: string; 
  public get cosRegion() {
    return this.getStringAttribute('cos_region');
  }
  public set cosRegion(value: string) {
    this._cosRegion = value;
  }
  public resetCosRegion() {
    this._cosRegion = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get cosRegionInput() {
    return this._cosRegion;
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

  // trigger_desc - computed: false, optional: false, required: true
  private _triggerDesc?: string; 
  public get triggerDesc() {
    return this.getStringAttribute('trigger_desc');
  }
  public set triggerDesc(value: string) {
    this._triggerDesc = value;
  }
  // Temporarily expose input value. Use with caution.
  public get triggerDescInput() {
    return this._triggerDesc;
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

export class ScfFunctionTriggersList extends cdktn.ComplexList {
  public internalValue? : ScfFunctionTriggers[] | cdktn.IResolvable

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
  public get(index: number): ScfFunctionTriggersOutputReference {
    return new ScfFunctionTriggersOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}

/**
* Represents a {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function tencentcloud_scf_function}
*/
export class ScfFunction extends cdktn.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "tencentcloud_scf_function";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTN code for importing a ScfFunction resource upon running "cdktn plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the ScfFunction to import
  * @param importFromId The id of the existing ScfFunction that should be imported. Refer to the {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the ScfFunction to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktn.TerraformProvider) {
        return new cdktn.ImportableResource(scope, importToId, { terraformResourceType: "tencentcloud_scf_function", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/latest/docs/resources/scf_function tencentcloud_scf_function} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options ScfFunctionConfig
  */
  public constructor(scope: Construct, id: string, config: ScfFunctionConfig) {
    super(scope, id, {
      terraformResourceType: 'tencentcloud_scf_function',
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
    this._asyncRunEnable = config.asyncRunEnable;
    this._clsLogsetId = config.clsLogsetId;
    this._clsTopicId = config.clsTopicId;
    this._cosBucketName = config.cosBucketName;
    this._cosBucketRegion = config.cosBucketRegion;
    this._cosObjectName = config.cosObjectName;
    this._description = config.description;
    this._dnsCache = config.dnsCache;
    this._enableEipConfig = config.enableEipConfig;
    this._enablePublicNet = config.enablePublicNet;
    this._environment = config.environment;
    this._funcType = config.funcType;
    this._handler = config.handler;
    this._id = config.id;
    this._l5Enable = config.l5Enable;
    this._memSize = config.memSize;
    this._name = config.name;
    this._namespace = config.namespace;
    this._role = config.role;
    this._runtime = config.runtime;
    this._subnetId = config.subnetId;
    this._tags = config.tags;
    this._timeout = config.timeout;
    this._vpcId = config.vpcId;
    this._zipFile = config.zipFile;
    this._cfsConfig.internalValue = config.cfsConfig;
    this._imageConfig.internalValue = config.imageConfig;
    this._instanceConcurrencyConfig.internalValue = config.instanceConcurrencyConfig;
    this._intranetConfig.internalValue = config.intranetConfig;
    this._layers.internalValue = config.layers;
    this._triggers.internalValue = config.triggers;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // async_run_enable - computed: true, optional: true, required: false
  private _asyncRunEnable?: string; 
  public get asyncRunEnable() {
    return this.getStringAttribute('async_run_enable');
  }
  public set asyncRunEnable(value: string) {
    this._asyncRunEnable = value;
  }
  public resetAsyncRunEnable() {
    this._asyncRunEnable = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get asyncRunEnableInput() {
    return this._asyncRunEnable;
  }

  // cls_logset_id - computed: true, optional: true, required: false
  private _clsLogsetId?: string; 
  public get clsLogsetId() {
    return this.getStringAttribute('cls_logset_id');
  }
  public set clsLogsetId(value: string) {
    this._clsLogsetId = value;
  }
  public resetClsLogsetId() {
    this._clsLogsetId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get clsLogsetIdInput() {
    return this._clsLogsetId;
  }

  // cls_topic_id - computed: true, optional: true, required: false
  private _clsTopicId?: string; 
  public get clsTopicId() {
    return this.getStringAttribute('cls_topic_id');
  }
  public set clsTopicId(value: string) {
    this._clsTopicId = value;
  }
  public resetClsTopicId() {
    this._clsTopicId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get clsTopicIdInput() {
    return this._clsTopicId;
  }

  // code_error - computed: true, optional: false, required: false
  public get codeError() {
    return this.getStringAttribute('code_error');
  }

  // code_result - computed: true, optional: false, required: false
  public get codeResult() {
    return this.getStringAttribute('code_result');
  }

  // code_size - computed: true, optional: false, required: false
  public get codeSize() {
    return this.getNumberAttribute('code_size');
  }

  // cos_bucket_name - computed: false, optional: true, required: false
  private _cosBucketName?: string; 
  public get cosBucketName() {
    return this.getStringAttribute('cos_bucket_name');
  }
  public set cosBucketName(value: string) {
    this._cosBucketName = value;
  }
  public resetCosBucketName() {
    this._cosBucketName = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get cosBucketNameInput() {
    return this._cosBucketName;
  }

  // cos_bucket_region - computed: false, optional: true, required: false
  private _cosBucketRegion?: string; 
  public get cosBucketRegion() {
    return this.getStringAttribute('cos_bucket_region');
  }
  public set cosBucketRegion(value: string) {
    this._cosBucketRegion = value;
  }
  public resetCosBucketRegion() {
    this._cosBucketRegion = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get cosBucketRegionInput() {
    return this._cosBucketRegion;
  }

  // cos_object_name - computed: false, optional: true, required: false
  private _cosObjectName?: string; 
  public get cosObjectName() {
    return this.getStringAttribute('cos_object_name');
  }
  public set cosObjectName(value: string) {
    this._cosObjectName = value;
  }
  public resetCosObjectName() {
    this._cosObjectName = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get cosObjectNameInput() {
    return this._cosObjectName;
  }

  // description - computed: false, optional: true, required: false
  private _description?: string; 
  public get description() {
    return this.getStringAttribute('description');
  }
  public set description(value: string) {
    this._description = value;
  }
  public resetDescription() {
    this._description = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get descriptionInput() {
    return this._description;
  }

  // dns_cache - computed: false, optional: true, required: false
  private _dnsCache?: boolean | cdktn.IResolvable; 
  public get dnsCache() {
    return this.getBooleanAttribute('dns_cache');
  }
  public set dnsCache(value: boolean | cdktn.IResolvable) {
    this._dnsCache = value;
  }
  public resetDnsCache() {
    this._dnsCache = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get dnsCacheInput() {
    return this._dnsCache;
  }

  // eip_fixed - computed: true, optional: false, required: false
  public get eipFixed() {
    return this.getBooleanAttribute('eip_fixed');
  }

  // eips - computed: true, optional: false, required: false
  public get eips() {
    return this.getListAttribute('eips');
  }

  // enable_eip_config - computed: false, optional: true, required: false
  private _enableEipConfig?: boolean | cdktn.IResolvable; 
  public get enableEipConfig() {
    return this.getBooleanAttribute('enable_eip_config');
  }
  public set enableEipConfig(value: boolean | cdktn.IResolvable) {
    this._enableEipConfig = value;
  }
  public resetEnableEipConfig() {
    this._enableEipConfig = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get enableEipConfigInput() {
    return this._enableEipConfig;
  }

  // enable_public_net - computed: false, optional: true, required: false
  private _enablePublicNet?: boolean | cdktn.IResolvable; 
  public get enablePublicNet() {
    return this.getBooleanAttribute('enable_public_net');
  }
  public set enablePublicNet(value: boolean | cdktn.IResolvable) {
    this._enablePublicNet = value;
  }
  public resetEnablePublicNet() {
    this._enablePublicNet = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get enablePublicNetInput() {
    return this._enablePublicNet;
  }

  // environment - computed: false, optional: true, required: false
  private _environment?: { [key: string]: string }; 
  public get environment() {
    return this.getStringMapAttribute('environment');
  }
  public set environment(value: { [key: string]: string }) {
    this._environment = value;
  }
  public resetEnvironment() {
    this._environment = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get environmentInput() {
    return this._environment;
  }

  // err_no - computed: true, optional: false, required: false
  public get errNo() {
    return this.getNumberAttribute('err_no');
  }

  // func_type - computed: false, optional: true, required: false
  private _funcType?: string; 
  public get funcType() {
    return this.getStringAttribute('func_type');
  }
  public set funcType(value: string) {
    this._funcType = value;
  }
  public resetFuncType() {
    this._funcType = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get funcTypeInput() {
    return this._funcType;
  }

  // function_id - computed: true, optional: false, required: false
  public get functionId() {
    return this.getStringAttribute('function_id');
  }

  // handler - computed: false, optional: true, required: false
  private _handler?: string; 
  public get handler() {
    return this.getStringAttribute('handler');
  }
  public set handler(value: string) {
    this._handler = value;
  }
  public resetHandler() {
    this._handler = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get handlerInput() {
    return this._handler;
  }

  // host - computed: true, optional: false, required: false
  public get host() {
    return this.getStringAttribute('host');
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

  // install_dependency - computed: true, optional: false, required: false
  public get installDependency() {
    return this.getBooleanAttribute('install_dependency');
  }

  // l5_enable - computed: false, optional: true, required: false
  private _l5Enable?: boolean | cdktn.IResolvable; 
  public get l5Enable() {
    return this.getBooleanAttribute('l5_enable');
  }
  public set l5Enable(value: boolean | cdktn.IResolvable) {
    this._l5Enable = value;
  }
  public resetL5Enable() {
    this._l5Enable = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get l5EnableInput() {
    return this._l5Enable;
  }

  // mem_size - computed: false, optional: true, required: false
  private _memSize?: number; 
  public get memSize() {
    return this.getNumberAttribute('mem_size');
  }
  public set memSize(value: number) {
    this._memSize = value;
  }
  public resetMemSize() {
    this._memSize = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get memSizeInput() {
    return this._memSize;
  }

  // modify_time - computed: true, optional: false, required: false
  public get modifyTime() {
    return this.getStringAttribute('modify_time');
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

  // namespace - computed: false, optional: true, required: false
  private _namespace?: string; 
  public get namespace() {
    return this.getStringAttribute('namespace');
  }
  public set namespace(value: string) {
    this._namespace = value;
  }
  public resetNamespace() {
    this._namespace = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get namespaceInput() {
    return this._namespace;
  }

  // role - computed: false, optional: true, required: false
  private _role?: string; 
  public get role() {
    return this.getStringAttribute('role');
  }
  public set role(value: string) {
    this._role = value;
  }
  public resetRole() {
    this._role = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get roleInput() {
    return this._role;
  }

  // runtime - computed: false, optional: true, required: false
  private _runtime?: string; 
  public get runtime() {
    return this.getStringAttribute('runtime');
  }
  public set runtime(value: string) {
    this._runtime = value;
  }
  public resetRuntime() {
    this._runtime = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get runtimeInput() {
    return this._runtime;
  }

  // status - computed: true, optional: false, required: false
  public get status() {
    return this.getStringAttribute('status');
  }

  // status_desc - computed: true, optional: false, required: false
  public get statusDesc() {
    return this.getStringAttribute('status_desc');
  }

  // subnet_id - computed: false, optional: true, required: false
  private _subnetId?: string; 
  public get subnetId() {
    return this.getStringAttribute('subnet_id');
  }
  public set subnetId(value: string) {
    this._subnetId = value;
  }
  public resetSubnetId() {
    this._subnetId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get subnetIdInput() {
    return this._subnetId;
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

  // timeout - computed: false, optional: true, required: false
  private _timeout?: number; 
  public get timeout() {
    return this.getNumberAttribute('timeout');
  }
  public set timeout(value: number) {
    this._timeout = value;
  }
  public resetTimeout() {
    this._timeout = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get timeoutInput() {
    return this._timeout;
  }

  // trigger_info - computed: true, optional: false, required: false
  private _triggerInfo = new ScfFunctionTriggerInfoList(this, "trigger_info", false);
  public get triggerInfo() {
    return this._triggerInfo;
  }

  // vip - computed: true, optional: false, required: false
  public get vip() {
    return this.getStringAttribute('vip');
  }

  // vpc_id - computed: false, optional: true, required: false
  private _vpcId?: string; 
  public get vpcId() {
    return this.getStringAttribute('vpc_id');
  }
  public set vpcId(value: string) {
    this._vpcId = value;
  }
  public resetVpcId() {
    this._vpcId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get vpcIdInput() {
    return this._vpcId;
  }

  // zip_file - computed: false, optional: true, required: false
  private _zipFile?: string; 
  public get zipFile() {
    return this.getStringAttribute('zip_file');
  }
  public set zipFile(value: string) {
    this._zipFile = value;
  }
  public resetZipFile() {
    this._zipFile = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get zipFileInput() {
    return this._zipFile;
  }

  // cfs_config - computed: false, optional: true, required: false
  private _cfsConfig = new ScfFunctionCfsConfigList(this, "cfs_config", false);
  public get cfsConfig() {
    return this._cfsConfig;
  }
  public putCfsConfig(value: ScfFunctionCfsConfig[] | cdktn.IResolvable) {
    this._cfsConfig.internalValue = value;
  }
  public resetCfsConfig() {
    this._cfsConfig.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get cfsConfigInput() {
    return this._cfsConfig.internalValue;
  }

  // image_config - computed: false, optional: true, required: false
  private _imageConfig = new ScfFunctionImageConfigList(this, "image_config", false);
  public get imageConfig() {
    return this._imageConfig;
  }
  public putImageConfig(value: ScfFunctionImageConfig[] | cdktn.IResolvable) {
    this._imageConfig.internalValue = value;
  }
  public resetImageConfig() {
    this._imageConfig.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get imageConfigInput() {
    return this._imageConfig.internalValue;
  }

  // instance_concurrency_config - computed: false, optional: true, required: false
  private _instanceConcurrencyConfig = new ScfFunctionInstanceConcurrencyConfigOutputReference(this, "instance_concurrency_config");
  public get instanceConcurrencyConfig() {
    return this._instanceConcurrencyConfig;
  }
  public putInstanceConcurrencyConfig(value: ScfFunctionInstanceConcurrencyConfig) {
    this._instanceConcurrencyConfig.internalValue = value;
  }
  public resetInstanceConcurrencyConfig() {
    this._instanceConcurrencyConfig.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get instanceConcurrencyConfigInput() {
    return this._instanceConcurrencyConfig.internalValue;
  }

  // intranet_config - computed: false, optional: true, required: false
  private _intranetConfig = new ScfFunctionIntranetConfigOutputReference(this, "intranet_config");
  public get intranetConfig() {
    return this._intranetConfig;
  }
  public putIntranetConfig(value: ScfFunctionIntranetConfig) {
    this._intranetConfig.internalValue = value;
  }
  public resetIntranetConfig() {
    this._intranetConfig.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get intranetConfigInput() {
    return this._intranetConfig.internalValue;
  }

  // layers - computed: false, optional: true, required: false
  private _layers = new ScfFunctionLayersList(this, "layers", false);
  public get layers() {
    return this._layers;
  }
  public putLayers(value: ScfFunctionLayers[] | cdktn.IResolvable) {
    this._layers.internalValue = value;
  }
  public resetLayers() {
    this._layers.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get layersInput() {
    return this._layers.internalValue;
  }

  // triggers - computed: false, optional: true, required: false
  private _triggers = new ScfFunctionTriggersList(this, "triggers", true);
  public get triggers() {
    return this._triggers;
  }
  public putTriggers(value: ScfFunctionTriggers[] | cdktn.IResolvable) {
    this._triggers.internalValue = value;
  }
  public resetTriggers() {
    this._triggers.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get triggersInput() {
    return this._triggers.internalValue;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      async_run_enable: cdktn.stringToTerraform(this._asyncRunEnable),
      cls_logset_id: cdktn.stringToTerraform(this._clsLogsetId),
      cls_topic_id: cdktn.stringToTerraform(this._clsTopicId),
      cos_bucket_name: cdktn.stringToTerraform(this._cosBucketName),
      cos_bucket_region: cdktn.stringToTerraform(this._cosBucketRegion),
      cos_object_name: cdktn.stringToTerraform(this._cosObjectName),
      description: cdktn.stringToTerraform(this._description),
      dns_cache: cdktn.booleanToTerraform(this._dnsCache),
      enable_eip_config: cdktn.booleanToTerraform(this._enableEipConfig),
      enable_public_net: cdktn.booleanToTerraform(this._enablePublicNet),
      environment: cdktn.hashMapper(cdktn.stringToTerraform)(this._environment),
      func_type: cdktn.stringToTerraform(this._funcType),
      handler: cdktn.stringToTerraform(this._handler),
      id: cdktn.stringToTerraform(this._id),
      l5_enable: cdktn.booleanToTerraform(this._l5Enable),
      mem_size: cdktn.numberToTerraform(this._memSize),
      name: cdktn.stringToTerraform(this._name),
      namespace: cdktn.stringToTerraform(this._namespace),
      role: cdktn.stringToTerraform(this._role),
      runtime: cdktn.stringToTerraform(this._runtime),
      subnet_id: cdktn.stringToTerraform(this._subnetId),
      tags: cdktn.hashMapper(cdktn.stringToTerraform)(this._tags),
      timeout: cdktn.numberToTerraform(this._timeout),
      vpc_id: cdktn.stringToTerraform(this._vpcId),
      zip_file: cdktn.stringToTerraform(this._zipFile),
      cfs_config: cdktn.listMapper(scfFunctionCfsConfigToTerraform, true)(this._cfsConfig.internalValue),
      image_config: cdktn.listMapper(scfFunctionImageConfigToTerraform, true)(this._imageConfig.internalValue),
      instance_concurrency_config: scfFunctionInstanceConcurrencyConfigToTerraform(this._instanceConcurrencyConfig.internalValue),
      intranet_config: scfFunctionIntranetConfigToTerraform(this._intranetConfig.internalValue),
      layers: cdktn.listMapper(scfFunctionLayersToTerraform, true)(this._layers.internalValue),
      triggers: cdktn.listMapper(scfFunctionTriggersToTerraform, true)(this._triggers.internalValue),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      async_run_enable: {
        value: cdktn.stringToHclTerraform(this._asyncRunEnable),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      cls_logset_id: {
        value: cdktn.stringToHclTerraform(this._clsLogsetId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      cls_topic_id: {
        value: cdktn.stringToHclTerraform(this._clsTopicId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      cos_bucket_name: {
        value: cdktn.stringToHclTerraform(this._cosBucketName),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      cos_bucket_region: {
        value: cdktn.stringToHclTerraform(this._cosBucketRegion),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      cos_object_name: {
        value: cdktn.stringToHclTerraform(this._cosObjectName),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      description: {
        value: cdktn.stringToHclTerraform(this._description),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      dns_cache: {
        value: cdktn.booleanToHclTerraform(this._dnsCache),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      enable_eip_config: {
        value: cdktn.booleanToHclTerraform(this._enableEipConfig),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      enable_public_net: {
        value: cdktn.booleanToHclTerraform(this._enablePublicNet),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      environment: {
        value: cdktn.hashMapperHcl(cdktn.stringToHclTerraform)(this._environment),
        isBlock: false,
        type: "map",
        storageClassType: "stringMap",
      },
      func_type: {
        value: cdktn.stringToHclTerraform(this._funcType),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      handler: {
        value: cdktn.stringToHclTerraform(this._handler),
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
      l5_enable: {
        value: cdktn.booleanToHclTerraform(this._l5Enable),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      mem_size: {
        value: cdktn.numberToHclTerraform(this._memSize),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      name: {
        value: cdktn.stringToHclTerraform(this._name),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      namespace: {
        value: cdktn.stringToHclTerraform(this._namespace),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      role: {
        value: cdktn.stringToHclTerraform(this._role),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      runtime: {
        value: cdktn.stringToHclTerraform(this._runtime),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      subnet_id: {
        value: cdktn.stringToHclTerraform(this._subnetId),
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
      timeout: {
        value: cdktn.numberToHclTerraform(this._timeout),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      vpc_id: {
        value: cdktn.stringToHclTerraform(this._vpcId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      zip_file: {
        value: cdktn.stringToHclTerraform(this._zipFile),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      cfs_config: {
        value: cdktn.listMapperHcl(scfFunctionCfsConfigToHclTerraform, true)(this._cfsConfig.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "ScfFunctionCfsConfigList",
      },
      image_config: {
        value: cdktn.listMapperHcl(scfFunctionImageConfigToHclTerraform, true)(this._imageConfig.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "ScfFunctionImageConfigList",
      },
      instance_concurrency_config: {
        value: scfFunctionInstanceConcurrencyConfigToHclTerraform(this._instanceConcurrencyConfig.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "ScfFunctionInstanceConcurrencyConfigList",
      },
      intranet_config: {
        value: scfFunctionIntranetConfigToHclTerraform(this._intranetConfig.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "ScfFunctionIntranetConfigList",
      },
      layers: {
        value: cdktn.listMapperHcl(scfFunctionLayersToHclTerraform, true)(this._layers.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "ScfFunctionLayersList",
      },
      triggers: {
        value: cdktn.listMapperHcl(scfFunctionTriggersToHclTerraform, true)(this._triggers.internalValue),
        isBlock: true,
        type: "set",
        storageClassType: "ScfFunctionTriggersList",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
