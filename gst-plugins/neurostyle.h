/* gst-neuroviz — matplotlib's default look, in pixels at a dpi.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * matplotlib sizes its text, lines and ticks in points (1/72 inch), so a
 * figure's look depends on its dpi, not on its pixel size: every panel of a
 * figure gets the same 10 pt text.  A NeuroStyle is the rcParams defaults
 * (matplotlib 3.6) converted to pixels at one dpi.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* matplotlib's figure.dpi: a 1200x800 frame is figsize=(12, 8) */
#define NEURO_STYLE_DEFAULT_DPI 100.0

typedef struct
{
  gdouble dpi;
  gdouble px_per_pt;            /* dpi / 72 */

  /* text, in pixels (Pango absolute sizes) */
  gdouble font_size;            /* font.size 10 pt: tick and axis labels */
  gdouble title_size;           /* axes.titlesize "large": 12 pt */
  gdouble legend_size;          /* legend.fontsize "medium": 10 pt */

  /* lines, in pixels */
  gdouble line_width;           /* lines.linewidth 1.5 pt */
  gdouble axes_width;           /* axes.linewidth 0.8 pt (the frame) */
  gdouble grid_width;           /* grid.linewidth 0.8 pt */

  /* ticks and paddings, in pixels */
  gdouble tick_size;            /* xtick.major.size 3.5 pt, outwards */
  gdouble tick_width;           /* xtick.major.width 0.8 pt */
  gdouble tick_pad;             /* xtick.major.pad 3.5 pt: tick to label */
  gdouble label_pad;            /* axes.labelpad 4 pt: tick labels to label */
  gdouble title_pad;            /* axes.titlepad 6 pt: axes to title */
  gdouble layout_pad;           /* tight_layout's pad, 1.08 font sizes */

  /* legend (fractions of legend_size in matplotlib, pixels here) */
  gdouble legend_border_pad;    /* legend.borderpad 0.4 */
  gdouble legend_label_spacing; /* legend.labelspacing 0.5 */
  gdouble legend_handle_length; /* legend.handlelength 2.0 */
  gdouble legend_handle_text_pad;       /* legend.handletextpad 0.8 */
  gdouble legend_axes_pad;      /* legend.borderaxespad 0.5 */
  gdouble legend_frame_width;   /* patch.linewidth 1 pt */
  gdouble legend_frame_alpha;   /* legend.framealpha 0.8 */
  guint32 legend_edge_color;    /* legend.edgecolor "0.8" */
  gdouble legend_round;         /* fancybox: corners of 0.2 font sizes */
} NeuroStyle;

/* Fills @s with the defaults at @dpi (> 0; others give the default dpi). */
void neuro_style_init (NeuroStyle * s, gdouble dpi);

/* Points to pixels at the style's dpi. */
static inline gdouble
neuro_style_pt (const NeuroStyle * s, gdouble pt)
{
  return pt * s->px_per_pt;
}

/* A line width in whole pixels (at least 1), for crisp unantialiased
 * frames and ticks: Agg snaps them the same way. */
gdouble neuro_style_snap_width (gdouble px);

G_END_DECLS
