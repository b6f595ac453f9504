int cspawn_placeholder(void);
