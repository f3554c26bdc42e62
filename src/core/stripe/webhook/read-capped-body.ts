import { type IncomingMessage } from 'node:http';

export type CappedBody = { ok: true; body: Buffer } | { ok: false; reason: 'body_too_large' | 'request_aborted' };

/**
 * Reads a request's raw bytes, keeping at most `maxBytes`: a declared Content-Length over the cap is refused before a
 * byte is read, and a body that grows past it (chunked, or lying about its length) stops being read the moment it
 * does. Memory stays bounded by the cap whatever the sender does. The bytes are kept exactly as received, because the
 * signature covers them, not a re-serialised copy.
 */
export function readCappedBody(request: IncomingMessage, maxBytes: number): Promise<CappedBody> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve({ ok: false, reason: 'body_too_large' });

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: CappedBody): void => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('close', onClose);
      request.off('error', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        // Stop taking bytes off the socket; the caller answers with `Connection: close`, which ends it.
        request.pause();
        finish({ ok: false, reason: 'body_too_large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish({ ok: true, body: Buffer.concat(chunks, size) });
    const onClose = (): void => finish({ ok: false, reason: 'request_aborted' });
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('close', onClose);
    request.on('error', onClose);
  });
}
