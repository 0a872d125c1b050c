/* gst-neuroviz — neurosrc's generators: set-up and sizes shared by all.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neurosrcgen.h"

/* Builds the tables of @klass for @params; on failure @gen holds nothing.
 * Any previous state of @gen is released first. */
gboolean
neuro_src_gen_init (NeuroSrcGen * gen, const NeuroSrcGenerator * klass,
    const NeuroSrcParams * params, GError ** error)
{
  neuro_src_gen_clear (gen);
  gen->klass = klass;
  gen->p = *params;
  if (klass->setup && !klass->setup (gen, error)) {
    neuro_src_gen_clear (gen);
    return FALSE;
  }
  return TRUE;
}

void
neuro_src_gen_clear (NeuroSrcGen * gen)
{
  if (gen->state && gen->klass && gen->klass->free_state)
    gen->klass->free_state (gen->state);
  gen->state = NULL;
  gen->klass = NULL;
}

/* bytes the buffer of @chunk needs; the generator may write fewer */
gsize
neuro_src_gen_size (NeuroSrcGen * gen, const NeuroSrcChunk * chunk)
{
  const NeuroSrcParams *p = &gen->p;

  if (gen->klass->size)
    return gen->klass->size (gen, chunk);
  switch (gen->klass->kind) {
    case NEURO_SRC_KIND_SIGNAL:
      return (gsize) chunk->n * p->channels * sizeof (gfloat);
    case NEURO_SRC_KIND_FRAME:
      return (gsize) p->width * p->height * sizeof (gfloat);
    default:
      g_assert_not_reached ();
      return 0;
  }
}
