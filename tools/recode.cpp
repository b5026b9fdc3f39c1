// stub
#include "verb.hpp"
namespace survey::tools {
int recode_main(const std::string&, int, char**) { return 2; }
}
