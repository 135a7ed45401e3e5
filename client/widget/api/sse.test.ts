import { describe, expect, it } from 'vitest';
import { readServerSentEvents, type ServerSentEvent } from './sse.js';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(chunks: string[]): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of readServerSentEvents(streamOf(chunks))) events.push(event);
  return events;
}

describe('readServerSentEvents', () => {
  it('when events arrive split across chunks and line endings, then each is yielded whole', async () => {
    const events = await collect([': open\r\n\r\nevent: prog', 'ress\r', '\ndata: {"a":', '1}\r\n\r\nid: 7\nevent: done\ndata: x\ndata: y\n\n']);
    expect(events).toEqual([
      { event: 'progress', data: '{"a":1}', id: null },
      { event: 'done', data: 'x\ny', id: '7' },
    ]);
  });

  it('when a block has no data or no event name, then it is skipped or named message', async () => {
    expect(await collect(['event: ping\n\ndata: hello\n\n'])).toEqual([{ event: 'message', data: 'hello', id: null }]);
  });

  it('when the stream ends in the middle of an event, then the partial event is not yielded', async () => {
    expect(await collect(['event: progress\ndata: {"half"'])).toEqual([]);
  });

  it('when a multi-byte character is split between chunks, then it is decoded intact', async () => {
    const bytes = new TextEncoder().encode('data: é✓\n\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 7));
        controller.enqueue(bytes.slice(7));
        controller.close();
      },
    });
    const events: ServerSentEvent[] = [];
    for await (const event of readServerSentEvents(stream)) events.push(event);
    expect(events).toEqual([{ event: 'message', data: 'é✓', id: null }]);
  });
});
