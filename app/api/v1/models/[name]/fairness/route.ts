import { getFairnessEndpoint, runFairnessEndpoint } from '@/server/fairness/fairness-api';

export const GET = getFairnessEndpoint.handle;
export const POST = runFairnessEndpoint.handle;
