// One file per server domain, named like it (server/<domain> ↔ db/schema/<domain>.ts).
export * from './users';
export * from './api-tokens';
export * from './audit';
export * from './health';
export * from './jobs';
export * from './registry';
export * from './inbound-webhooks';
export * from './reference';
export * from './traffic';
export * from './monitoring';
export * from './drift';
export * from './shadow';
export * from './alerts';
export * from './fairness';
export * from './outbound-webhooks';
export * from './approvals';
export * from './kpis';
