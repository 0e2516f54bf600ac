package dev.rustmaven.pipeline;

import dev.rustmaven.glibc.GlibcFloors;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Explains a failed link against glibc stubs: which symbols were missing, and which floor has them. */
final class UndefinedSymbols {

    private static final Pattern UNDEFINED = Pattern.compile("undefined symbol: ([A-Za-z_][A-Za-z0-9_.@]*)");

    private UndefinedSymbols() {}

    /**
     * Explains undefined symbols in a failed link of a target the plugin linked against glibc stubs:
     * each symbol with the floor and the lowest floor that has it.
     */
    static List<String> explain(LinkSetup.Plan plan, List<String> cargoErrorOutput) {
        List<String> explanations = new ArrayList<>();
        if (plan.floor().isEmpty() || plan.abi().isEmpty()) {
            return explanations;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String line : cargoErrorOutput) {
            Matcher m = UNDEFINED.matcher(line);
            while (m.find()) {
                String symbol = m.group(1);
                int at = symbol.indexOf('@');
                seen.add(at > 0 ? symbol.substring(0, at) : symbol);
            }
        }
        for (String symbol : seen) {
            explanations.add(GlibcFloors.missingSymbolMessage(
                    plan.abi().get(), symbol, plan.floor().get(), plan.floorSetting()));
        }
        return explanations;
    }
}
