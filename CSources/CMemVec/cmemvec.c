#include "cmemvec.h"
