int ccap_placeholder(void);
