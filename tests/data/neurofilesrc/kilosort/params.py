# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
dat_path = 'rec.bin'
n_channels_dat = 4
dtype = 'int16'
offset = 0
sample_rate = 30000.0
hp_filtered = True
