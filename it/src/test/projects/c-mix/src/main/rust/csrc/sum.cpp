// C++ with GCC's C++ library: a vector and the numeric algorithms.
#include <numeric>
#include <string>
#include <vector>

extern "C" int mix_sum(int n) {
    std::vector<int> values(static_cast<std::size_t>(n));
    std::iota(values.begin(), values.end(), 1);
    std::string check = std::to_string(std::accumulate(values.begin(), values.end(), 0));
    return std::stoi(check);
}
