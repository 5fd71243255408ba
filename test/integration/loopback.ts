// Loopback HTTP servers the integration tests stand up as "the other side" (a hostile host, a
// user's upload server): listen on a free port, close when done.
import type { Server } from 'node:http';

/** Listens on a free 127.0.0.1 port; resolves to the server's origin (`http://127.0.0.1:<port>`). */
export async function listenLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

/** Stops listening and waits for the close; `dropConnections` first ends those still open (a client still reading). */
export function closeServer(server: Server, o: { dropConnections?: boolean } = {}): Promise<void> {
  if (o.dropConnections) server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
}
