package dev.concert.wallet.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class LedgerEntryTest {

    final UUID user = UUID.randomUUID();

    @Test
    void a_debit_lowers_the_balance_and_charges_and_refunds_raise_it() {
        assertThat(EntryKind.DEBIT.effectOn(500)).isEqualTo(-500);
        assertThat(EntryKind.CHARGE.effectOn(500)).isEqualTo(500);
        assertThat(EntryKind.REFUND.effectOn(500)).isEqualTo(500);
    }

    @Test
    void a_refund_gives_back_exactly_the_debit_of_the_same_payment() {
        LedgerEntry debit = LedgerEntry.debit(user, 70_000, 30_000, UUID.randomUUID(), UUID.randomUUID());
        LedgerEntry refund = LedgerEntry.refund(debit, 100_000);

        assertThat(refund.kind()).isEqualTo(EntryKind.REFUND);
        assertThat(refund.amount()).isEqualTo(debit.amount());
        assertThat(refund.paymentId()).isEqualTo(debit.paymentId());
        assertThat(refund.reservationId()).isEqualTo(debit.reservationId());
        assertThat(refund.userId()).isEqualTo(user);
        assertThat(refund.entryId()).isNotEqualTo(debit.entryId());
    }

    @Test
    void only_a_debit_can_be_refunded() {
        LedgerEntry charge = LedgerEntry.charge(user, 1_000, 1_000, "k");
        assertThatThrownBy(() -> LedgerEntry.refund(charge, 2_000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void amounts_are_positive_and_balances_never_negative() {
        assertThatThrownBy(() -> LedgerEntry.charge(user, 0, 0, "k")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LedgerEntry.charge(user, -1, 0, "k")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LedgerEntry.debit(user, 10, -1, UUID.randomUUID(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void debits_belong_to_a_payment_and_charges_do_not() {
        assertThatThrownBy(() -> LedgerEntry.debit(user, 10, 0, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LedgerEntry(UUID.randomUUID(), user, EntryKind.CHARGE, 10, 10, UUID.randomUUID(),
                null, "k", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_new_entry_has_no_time_until_the_database_stamps_it() {
        assertThat(LedgerEntry.charge(user, 1, 1, "k").createdAt()).isNull();
    }
}
