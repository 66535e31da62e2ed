export * from './users';
export * from './api-tokens';
export * from './audit';
export * from './workers';
export * from './registry';
export * from './webhooks';
export * from './traffic';
export * from './monitoring';
