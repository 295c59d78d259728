/* tslint:disable */
/* eslint-disable */
export * from './AuthenticationApi';
export * from './CoBrowsingApi';
