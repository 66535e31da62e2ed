import { listKpiDefinitionsEndpoint } from '@/server/kpis/kpis-api';

export const GET = listKpiDefinitionsEndpoint.handle;
