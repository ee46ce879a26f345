/** InvenTree's own client endpoints (GET /api/, /api/user/me/, /api/user/token/), keyed by operationId. */
import type { OperationHandlers } from '../../generated/operations.js';
import type { RequestContext } from '../context.js';
import type { ViewDescription } from '../http/method-routes.js';
import { infoRetrieve } from './info.js';
import { userMeRetrieve } from './me.js';
import { userTokenRetrieve } from './token.js';

export const inventreeHandlers: Pick<OperationHandlers<RequestContext>, 'info_retrieve' | 'user_me_retrieve' | 'user_token_retrieve'> = {
  info_retrieve: infoRetrieve,
  user_me_retrieve: userMeRetrieve,
  user_token_retrieve: userTokenRetrieve,
};

/** InvenTree's view names and docstrings (OPTIONS metadata) per document path; `/api/` is a plain Django view (no DRF `Allow`). */
export const inventreeViews: Record<string, ViewDescription> = {
  '/api/': { name: '/api/', description: '', plainDjangoView: true },
  '/api/user/me/': { name: 'Me User Detail', description: 'Detail endpoint for current user.' },
  '/api/user/token/': { name: 'Get Auth Token', description: 'Return authentication token for an authenticated user.' },
};
