// The link to Redis when replicas share rooms and faults (`redisUrl` /
// COBROWSE_MOCK_REDIS_URL): one connection for commands, one for subscriptions, both
// reconnecting on their own (every 100 ms to 1 s) after Redis restarts. ioredis is imported
// only here and only then, so a single-process mock never loads it. Commands fail fast while
// Redis is away (no offline queue, nothing resent after a reconnect) rather than pile up; the
// callers decide what that means. The loss of the subscribing connection is reported.
import type { Redis, RedisOptions } from "ioredis";

/** Reconnecting waits this much longer after each failed attempt, up to RECONNECT_MAX_MS. */
const RECONNECT_STEP_MS = 100;
const RECONNECT_MAX_MS = 1000;
/** How long a subscription may take before a room's first connection on this replica is refused (503). */
const SUBSCRIBE_TIMEOUT_MS = 2000;

/** Every key and channel the mock uses starts with this. */
export const PREFIX = "cobrowse-mock:";

export interface RedisLink {
  readonly commands: Redis;
  /** Subscribes to a channel (resolves once Redis confirms); `handler` gets each message's bytes. */
  subscribe(channel: string, handler: (message: Buffer) => void): Promise<void>;
  unsubscribe(channel: string): void;
  /** Calls `handler` each time the subscribing connection, once ready, is lost (every subscription with it, until it is back). */
  onSubscriptionLost(handler: () => void): void;
  close(): Promise<void>;
}

/** The URL without credentials, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`;
  } catch {
    return "(the configured URL)";
  }
}

export async function connectRedis(url: string, log: (line: string) => void): Promise<RedisLink> {
  const { Redis: Client } = await import("ioredis");
  const where = redactUrl(url);
  const options: RedisOptions = {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 2000,
    // A command in flight when the connection drops fails (and a message is counted as lost)
    // rather than reach Redis late, out of its place.
    autoResendUnfulfilledCommands: false,
    retryStrategy: (times: number) => Math.min(RECONNECT_STEP_MS * times, RECONNECT_MAX_MS),
  };
  const watch = (client: Redis, name: string): Redis => {
    let down = false;
    client.on("error", (error: Error & { code?: string }) => {
      if (down) return;
      down = true;
      log(`redis (${name}): connection to ${where} lost (${error.code ?? error.message.slice(0, 100)}); reconnecting`);
    });
    client.on("ready", () => {
      if (!down) return;
      down = false;
      log(`redis (${name}): reconnected to ${where}`);
    });
    return client;
  };
  const commands = watch(new Client(url, options), "commands");
  // The subscriber may queue its SUBSCRIBE commands while reconnecting: it resubscribes on its own.
  const subscriber = watch(
    new Client(url, { ...options, enableOfflineQueue: true, commandTimeout: undefined }),
    "subscriber",
  );
  try {
    await Promise.all([commands.connect(), subscriber.connect()]);
  } catch (error) {
    commands.disconnect();
    subscriber.disconnect();
    throw new Error(
      `redisUrl: cannot connect to ${where} (${(error as Error).message.slice(0, 200)}); start Redis there, or unset COBROWSE_MOCK_REDIS_URL for a single process`,
    );
  }
  const handlers = new Map<string, (message: Buffer) => void>();
  subscriber.on("messageBuffer", (channel: Buffer, message: Buffer) => handlers.get(channel.toString())?.(message));
  const lost = new Set<() => void>();
  let subscribed = true;
  subscriber.on("ready", () => void (subscribed = true));
  subscriber.on("close", () => {
    if (!subscribed) return;
    subscribed = false;
    for (const handler of lost) handler();
  });
  return {
    commands,
    async subscribe(channel, handler) {
      handlers.set(channel, handler);
      let timer: NodeJS.Timeout | undefined;
      try {
        // While Redis is away the subscription waits in the offline queue: give up after a while.
        await Promise.race([
          subscriber.subscribe(channel),
          new Promise(
            (_, reject) =>
              (timer = setTimeout(
                () => reject(new Error(`no answer from ${where} within ${SUBSCRIBE_TIMEOUT_MS} ms`)),
                SUBSCRIBE_TIMEOUT_MS,
              )),
          ),
        ]);
      } catch (error) {
        handlers.delete(channel);
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
    unsubscribe(channel) {
      handlers.delete(channel);
      subscriber.unsubscribe(channel).catch(() => {});
    },
    onSubscriptionLost(handler) {
      lost.add(handler);
    },
    async close() {
      lost.clear();
      handlers.clear();
      await Promise.allSettled([commands.quit(), subscriber.quit()]);
      commands.disconnect();
      subscriber.disconnect();
    },
  };
}
