// The COS client that the backup handler and the CLI share; code outside clients/cos imports
// from here only.
export {
  CosRequestError,
  DEADLINE_EXCEEDED,
  createCosClient,
  isDeadlineExceeded,
  type CosClient,
  type CosClientOptions,
  type ListedObject,
  type ObjectAttributes,
  type ObjectHead,
  type OpenMultipartUpload,
  type StorageClass,
} from './cos-client';
