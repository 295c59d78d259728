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
export type { AfterResponseContext, AttemptInfo, BeforeRequestContext, ErrorContext, Hooks } from "./internal/hooks.js";
export { SDK_VERSION } from "./internal/identify.js";
export type { LogLevel, Logger } from "./internal/log.js";
export type { OpenTelemetryApi, OpenTelemetryOptions, OtelContext, OtelSpan, OtelTracer, TracerProviderLike } from "./internal/tracing.js";
export type { ConnectionInfo, ErrorDetail, GetConnectionInfoRequest, Role, TokenResponse, paths } from "@cec-cobrowse/types";
