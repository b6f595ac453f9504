// placeholder until the target's first real source lands
