import type { Response } from 'express';
import type { Clock } from '../clock/index.js';

/** One server-sent event. `data` is serialised as JSON on one line. */
export interface SseMessage {
  event: string;
  data: unknown;
}

/**
 * Streams `events` as `text/event-stream` (WHATWG server-sent events), after the first one is
 * known (so an error before it, e.g. 404, is still a JSON answer). Sends a `:` comment every
 * `keepAliveMs` of idle time so proxies keep the connection; ends when the iterator ends or the
 * client goes away (`signal`).
 */
export async function streamEvents(input: {
  res: Response;
  events: AsyncIterator<SseMessage>;
  clock: Clock;
  keepAliveMs: number;
  signal: AbortSignal;
}): Promise<void> {
  const { res, events, clock, keepAliveMs, signal } = input;
  const first = await events.next();
  res.status(200).set({
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    // nginx and similar proxies would otherwise buffer the stream.
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  const write = (message: SseMessage) => res.write(`event: ${message.event}\ndata: ${JSON.stringify(message.data)}\n\n`);

  const idle = new AbortController();
  const keepAlive = (async () => {
    while (!idle.signal.aborted) {
      try {
        await clock.sleep(keepAliveMs, idle.signal);
      } catch {
        return;
      }
      if (!res.writableEnded) res.write(': keep-alive\n\n');
    }
  })();
  try {
    if (!first.done) write(first.value);
    for (let next = first; !next.done && !signal.aborted; ) {
      next = await events.next();
      if (!next.done) write(next.value);
    }
  } finally {
    idle.abort();
    await keepAlive;
    await events.return?.();
    if (!res.writableEnded) res.end();
  }
}
