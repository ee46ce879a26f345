/** InvenTree's own client endpoints (GET /api/, /api/user/me/, /api/user/token/), keyed by operationId. */
import type { OperationHandlers } from '../../generated/operations.js';
import type { RequestContext } from '../http/context.js';
import { infoRetrieve } from './info.js';
import { userMeRetrieve } from './me.js';
import { userTokenRetrieve } from './token.js';

export const inventreeHandlers: Pick<OperationHandlers<RequestContext>, 'info_retrieve' | 'user_me_retrieve' | 'user_token_retrieve'> = {
  info_retrieve: infoRetrieve,
  user_me_retrieve: userMeRetrieve,
  user_token_retrieve: userTokenRetrieve,
};
