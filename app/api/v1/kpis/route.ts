import { ingestKpiPointsEndpoint } from '@/server/kpis/kpis-api';

export const POST = ingestKpiPointsEndpoint.handle;
