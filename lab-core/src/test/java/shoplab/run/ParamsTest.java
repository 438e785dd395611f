package shoplab.run;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParamsTest {

    static final List<Parameter> DECLARED = List.of(
            Parameter.integer("users", 2000, 1, 100_000, "buyers"),
            Parameter.decimal("share", 0.2, 0, 1, "share"),
            Parameter.text("sku", "sku-1", "sku"));

    @Test
    void defaultsAndOverrides() {
        Params p = Params.resolve(DECLARED, Map.of("users", " 5000", "share", "0.5"));
        assertThat(p.getInt("users")).isEqualTo(5000);
        assertThat(p.getDouble("share")).isEqualTo(0.5);
        assertThat(p.get("sku")).isEqualTo("sku-1");
        assertThat(p.asMap()).hasSize(3);
    }

    @Test
    void badValuesNameTheParameter() {
        assertThatThrownBy(() -> Params.resolve(DECLARED, Map.of("users", "many")))
                .hasMessage("users: 'many' is not a whole number");
        assertThatThrownBy(() -> Params.resolve(DECLARED, Map.of("users", "0")))
                .hasMessage("users: 0 is out of range 1..100000");
        assertThatThrownBy(() -> Params.resolve(DECLARED, Map.of("share", "NaN")))
                .hasMessageContaining("share");
        assertThatThrownBy(() -> Params.resolve(DECLARED, Map.of("sku", " ")))
                .hasMessage("sku: must not be empty");
        assertThatThrownBy(() -> Params.resolve(DECLARED, Map.of("userz", "1")))
                .hasMessageContaining("unknown parameter 'userz'").hasMessageContaining("users");
    }
}
