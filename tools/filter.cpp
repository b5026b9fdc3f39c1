// stub
#include "verb.hpp"
namespace survey::tools {
int filter_main(const std::string&, int, char**) { return 2; }
}
