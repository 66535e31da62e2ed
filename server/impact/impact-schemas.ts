import { z } from 'zod';
import { DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS } from './impact-windows';

// Inputs of the impact procedures. Pure.

const windowDays = z.number().int().min(1).max(MAX_WINDOW_DAYS).default(DEFAULT_WINDOW_DAYS).describe('Days in each window (before and after)');

export const deploymentImpactSchema = z.object({ deploymentId: z.string().uuid(), windowDays });
export const requestImpactSchema = z.object({ requestId: z.string().uuid(), windowDays });

export type DeploymentImpactInput = z.input<typeof deploymentImpactSchema>;
export type RequestImpactInput = z.input<typeof requestImpactSchema>;
