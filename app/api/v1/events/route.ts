import { ingestEventsEndpoint } from '@/server/traffic/events-api';

export const POST = ingestEventsEndpoint.handle;
