/** One task at a time: the task-status endpoint (InvenTree API 464+) and the detail routes (extensions). */
export { backgroundTaskPendingRetrieve } from './pending.js';
export { backgroundTaskScheduledRetrieve } from './scheduled.js';
export { backgroundTaskStatusRetrieve } from './status.js';
export { backgroundTaskFailedRetrieve, backgroundTaskSucceededRetrieve } from './task.js';
