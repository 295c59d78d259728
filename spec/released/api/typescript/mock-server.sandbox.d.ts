export declare interface Balancer extends Child {
    setUpstreams(ports: number[]): Promise<void>;
}

export declare function balancerConfig(options: { dir: string; listen: string; upstreams: number[] }): string;

export declare interface Child {
    url: string;
    port: number;
    pid: number | undefined;
    stop(): Promise<void>;
}

export declare function findProgram(name: string, debianPackage: string): string;

export declare function freePort(): Promise<number>;

export declare interface RedisServer extends Child {
    kill(): Promise<void>;
}

export declare interface Replica extends Child {
    kill(): Promise<void>;
    output(): string;
}

export declare interface Sandbox {
    url: string;
    controlUrl: string;
    controlToken: string;
    signingKey: string;
    dir: string;
    redis: RedisServer;
    balancer: Balancer;
    replicas: Replica[];
    addReplica(env?: Record<string, string>): Promise<Replica>;
    env: Record<string, string>;
    stop(): Promise<void>;
}

export declare function startBalancer(options: { dir: string; upstreams: number[] }): Promise<Balancer>;

export declare function startRedis(options?: { port?: number; dir?: string }): Promise<RedisServer>;

export declare function startReplica(options: { redisUrl: string; signingKey: string; controlToken: string; env?: Record<string, string> }): Promise<Replica>;

export declare function startSandbox(options?: { replicas?: number; dir?: string; env?: Record<string, string> }): Promise<Sandbox>;

export { }
