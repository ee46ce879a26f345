/**
 * Operational routes outside InvenTree's API (health, readiness, metrics, API
 * docs). Being built in its own change; registered from the app factory.
 */
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../http/context.js';

export async function registerOps(_app: FastifyInstance, _services: AppServices): Promise<void> {}
