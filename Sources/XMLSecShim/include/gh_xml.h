#ifndef GH_XML_H
#define GH_XML_H
int gh_init(void);
#endif
