/* gst-neuroviz — matplotlib's rcParams defaults at a dpi.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neurostyle.h"

#include <math.h>

void
neuro_style_init (NeuroStyle * s, gdouble dpi)
{
  gdouble fs;

  if (!(dpi > 0) || !isfinite (dpi))
    dpi = NEURO_STYLE_DEFAULT_DPI;
  s->dpi = dpi;
  s->px_per_pt = dpi / 72.0;

  s->font_size = neuro_style_pt (s, 10.0);
  s->title_size = neuro_style_pt (s, 12.0);
  s->legend_size = neuro_style_pt (s, 10.0);

  s->line_width = neuro_style_pt (s, 1.5);
  s->axes_width = neuro_style_pt (s, 0.8);
  s->grid_width = neuro_style_pt (s, 0.8);

  s->tick_size = neuro_style_pt (s, 3.5);
  s->tick_width = neuro_style_pt (s, 0.8);
  s->tick_pad = neuro_style_pt (s, 3.5);
  s->label_pad = neuro_style_pt (s, 4.0);
  s->title_pad = neuro_style_pt (s, 6.0);
  s->layout_pad = 1.08 * s->font_size;

  fs = s->legend_size;
  s->legend_border_pad = 0.4 * fs;
  s->legend_label_spacing = 0.5 * fs;
  s->legend_handle_length = 2.0 * fs;
  s->legend_handle_text_pad = 0.8 * fs;
  s->legend_axes_pad = 0.5 * fs;
  s->legend_frame_width = neuro_style_pt (s, 1.0);
  s->legend_frame_alpha = 0.8;
  s->legend_edge_color = 0xffcccccc;
  s->legend_round = 0.2 * fs;
}

gdouble
neuro_style_snap_width (gdouble px)
{
  return MAX (1.0, round (px));
}
