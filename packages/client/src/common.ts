// What both entries export.

export type {
  ConnectionInfo,
  ErrorDetail,
  GetConnectionInfoRequest,
  paths,
  Role,
  TokenResponse,
} from "@cec-cobrowse/types";
export { CobrowseClient } from "./client.js";
export { type ConnectUrlInfo, type ConnectUrlOptions, connectUrl } from "./connect-url.js";
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
export type { AfterResponseContext, AttemptInfo, BeforeRequestContext, ErrorContext, Hooks } from "./internal/hooks.js";
export { SDK_VERSION } from "./internal/identify.js";
export type { Logger, LogLevel } from "./internal/log.js";
export type {
  OpenTelemetryApi,
  OpenTelemetryOptions,
  OtelContext,
  OtelSpan,
  OtelTracer,
  TracerProviderLike,
} from "./internal/tracing.js";
export {
  type AccessToken,
  type CobrowseClientOptions,
  type ConnectionInfoResult,
  type FetchLike,
  type RequestOptions,
  ROLES,
  type TokenProvider,
} from "./options.js";
