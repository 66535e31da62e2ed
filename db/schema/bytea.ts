import { customType } from 'drizzle-orm/pg-core';

/** PostgreSQL bytea, read and written as a Node Buffer (drizzle has no built-in type for it). */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
