import { recordLabelsEndpoint } from '@/server/traffic/events-api';

export const POST = recordLabelsEndpoint.handle;
