import net, { type AddressInfo } from 'node:net';

/** A port free on 127.0.0.1 right now, for channels that take a port (the relay's is 1024–65535, so 0 will not do). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
