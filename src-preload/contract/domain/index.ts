/**
 * Domain facts every process needs (regions, generation parameters, gallery records), apart
 * from the IPC channel table. Environment-free: no electron, no node, no DOM (lint-enforced).
 */
export * from './regions';
export * from './generation';
export * from './gallery';
export * from './storage';
export * from './jobs';
export * from './pricing';
export * from './locale';
