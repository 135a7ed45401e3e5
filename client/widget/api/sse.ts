/**
 * Server-sent events read from a `fetch` response body, so the bearer token stays in a header
 * (`EventSource` cannot send one). Follows the WHATWG event-stream parsing rules: `event`,
 * `data` (several lines joined with `\n`), `id`; comments (`:`) ignored; CR, LF or CRLF endings.
 */

export interface ServerSentEvent {
  /** `message` when the stream named none. */
  event: string;
  data: string;
  id: string | null;
}

/** Yields each event of the stream as it completes; ends when the stream ends. */
export async function* readServerSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | null = null;
  let sawCr = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      let chunk = decoder.decode(value, { stream: true });
      // A CRLF split across chunks: the LF belongs to the CR already handled.
      if (sawCr && chunk.startsWith('\n')) chunk = chunk.slice(1);
      sawCr = chunk.endsWith('\r');
      buffer += chunk;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') {
          if (data.length > 0) yield { event: event || 'message', data: data.join('\n'), id };
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        let fieldValue = colon === -1 ? '' : line.slice(colon + 1);
        if (fieldValue.startsWith(' ')) fieldValue = fieldValue.slice(1);
        if (field === 'event') event = fieldValue;
        else if (field === 'data') data.push(fieldValue);
        else if (field === 'id' && !fieldValue.includes('\0')) id = fieldValue;
      }
    }
  } finally {
    // Also reached when the consumer stops early: release the connection.
    await reader.cancel().catch(() => undefined);
  }
}
