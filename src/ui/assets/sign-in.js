// The token form of the sign-in page: the token is checked against the API
// and kept in sessionStorage (this tab only, gone when it closes).

import { ApiError, api, clearTabToken, setTabToken } from './api.js';

const form = document.getElementById('token-form');
const error = document.getElementById('token-error');
const next = document.body.dataset.next || '/dashboard/';

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  error.hidden = true;
  const token = form.elements.token.value.trim();
  setTabToken(token);
  try {
    await api('/api/background-task/');
    location.assign(next);
  } catch (err) {
    clearTabToken();
    error.textContent = err instanceof ApiError ? err.message : 'The server could not be reached.';
    error.hidden = false;
    form.elements.token.focus();
  }
});
