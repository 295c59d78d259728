/* tslint:disable */
/* eslint-disable */
export * from './ConnectionInfo';
export * from './ErrorDetail';
export * from './ErrorResponse';
export * from './GetConnectionInfoRequest';
export * from './GetConnectionInfoResponse';
export * from './Role';
export * from './TokenRequest';
export * from './TokenResponse';
