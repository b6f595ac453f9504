int cseccomp_placeholder(void);
