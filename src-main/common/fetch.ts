/**
 * The network as a dependency: Electron's `net.fetch` in the app (so system proxies and
 * certificates apply), global fetch in tests and the harness.
 */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
