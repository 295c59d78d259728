// What both entries export.
export { CobrowseClient } from "./client.js";
export { connectUrl, type ConnectUrlInfo, type ConnectUrlOptions } from "./connect-url.js";
export {
  AbortError,
  ApiError,
  type ApiErrorInit,
  AuthenticationError,
  BadRequestError,
  CobrowseError,
  ConfigurationError,
  InternalServerError,
  NetworkError,
  NotFoundError,
  type OperationId,
  PayloadTooLargeError,
  RateLimitError,
  ResponseTooLargeError,
  TimeoutError,
  UnsupportedMediaTypeError,
  ValidationError,
} from "./errors.js";
export {
  type AccessToken,
  type CobrowseClientOptions,
  type ConnectionInfoResult,
  type FetchLike,
  ROLES,
  type RequestOptions,
  type TokenProvider,
} from "./options.js";
export type { ConnectionInfo, ErrorDetail, GetConnectionInfoRequest, Role, TokenResponse, paths } from "@cec-cobrowse/types";
