#include "cminilm.h"
