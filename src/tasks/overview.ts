/** GET /api/background-task/ — the queue overview. */
import type { OperationHandlers } from '../../generated/operations.js';
import type { RequestContext } from '../context.js';

type Handlers = OperationHandlers<RequestContext>;

export const backgroundTaskRetrieve: Handlers['background_task_retrieve'] = async ({ context }) => {
  const counts = await context.counts.get();
  // Key order is part of the contract (InvenTree's TaskOverviewSerializer).
  return {
    status: 200,
    body: {
      is_running: counts.isRunning,
      pending_tasks: counts.pending,
      scheduled_tasks: counts.scheduled,
      failed_tasks: counts.failed,
    },
  };
};
