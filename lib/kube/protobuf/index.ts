/**
 * Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`, sent by kubectl
 * 1.32+ for typed `create` and `auth` commands) decoded into the JSON the object would have
 * had, from a descriptor table transcribed from upstream generated.proto files.
 */
export { decodeProtobufObject, decodeMessage, PROTOBUF_MAGIC, PROTOBUF_MEDIA_TYPE } from "./decode";
export { encodeProtobufObject } from "./encode";
export { messageForKind, supportedKinds } from "./kinds";
export { WireError } from "./wire";
