// Types of sandbox.mjs, for the tests and for users who script the sandbox.
export interface Child {
  url: string;
  port: number;
  pid: number | undefined;
  stop(): Promise<void>;
}
export interface RedisServer extends Child {
  kill(): Promise<void>;
}
export interface Replica extends Child {
  kill(): Promise<void>;
  output(): string;
}
export interface Balancer extends Child {
  setUpstreams(ports: number[]): Promise<void>;
}
export interface Sandbox {
  url: string;
  controlUrl: string;
  controlToken: string;
  signingKey: string;
  dir: string;
  /** The chaos settings the replicas started with (COBROWSE_MOCK_CHAOS), when any. */
  chaos: string | undefined;
  redis: RedisServer;
  balancer: Balancer;
  replicas: Replica[];
  addReplica(env?: Record<string, string>): Promise<Replica>;
  env: Record<string, string>;
  stop(): Promise<void>;
}
export function freePort(): Promise<number>;
export function findProgram(name: string, debianPackage: string): string;
export function startRedis(options?: { port?: number; dir?: string }): Promise<RedisServer>;
export function startReplica(options: {
  redisUrl: string;
  signingKey: string;
  controlToken: string;
  env?: Record<string, string>;
}): Promise<Replica>;
export function balancerConfig(options: { dir: string; listen: string; upstreams: number[] }): string;
/** The nginx error_page lines and named locations that answer what nginx refuses itself with the spec's ErrorResponse. */
export function balancerErrorPages(spec?: import("@cec-cobrowse/spec").SpecValidator): string;
export function startBalancer(options: { dir: string; upstreams: number[] }): Promise<Balancer>;
export function startSandbox(options?: {
  replicas?: number;
  dir?: string;
  env?: Record<string, string>;
  chaos?: number | string | Record<string, unknown>;
}): Promise<Sandbox>;
