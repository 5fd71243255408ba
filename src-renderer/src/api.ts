import type { Api } from '../../src-preload/contract';

/** The only door to the main process: built by the preload (or the test harness) from the contract. */
export const api: Api = window.api;
