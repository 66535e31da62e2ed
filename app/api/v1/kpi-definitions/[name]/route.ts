import { deleteKpiDefinitionEndpoint, getKpiDefinitionEndpoint, putKpiDefinitionEndpoint } from '@/server/kpis/kpis-api';

export const GET = getKpiDefinitionEndpoint.handle;
export const PUT = putKpiDefinitionEndpoint.handle;
export const DELETE = deleteKpiDefinitionEndpoint.handle;
