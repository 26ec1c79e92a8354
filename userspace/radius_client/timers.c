#include "radius_client/timers.h"

void radius_client_timers_init(struct radius_client_timers *t, h2o_evloop_t *loop)
{
	t->loop = loop;
	t->n = 0;
}

h2o_timeout_t *radius_client_timers_get(struct radius_client_timers *t, uint32_t ms)
{
	for (unsigned i = 0; i < t->n; i++)
		if (t->waits[i].timeout == ms)
			return &t->waits[i];
	if (t->n >= RADIUS_CLIENT_TIMER_WAITS)
		return NULL;
	h2o_timeout_init(t->loop, &t->waits[t->n], ms);
	return &t->waits[t->n++];
}

void radius_client_timers_dispose(struct radius_client_timers *t)
{
	for (unsigned i = 0; i < t->n; i++)
		h2o_timeout_dispose(t->loop, &t->waits[i]);
	t->n = 0;
}
